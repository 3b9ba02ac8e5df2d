import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Config } from '../config.js';
import { NO_SPINNING } from '../threads/onnx-runtime.js';
import { poolTokens, type TokenVectors } from './pool.js';
import { modelIdentity, modelProfile, type ModelProfile } from './profiles.js';

/**
 * Turns texts into unit vectors (or zeros, for a text the model cannot represent; never NaN).
 * The model sits behind this so the core can be tested without it.
 */
export interface Embedder {
  /** What produced the vectors: an index built by another model (or prefix, or pooling) must be rebuilt. */
  readonly model: string;
  readonly dimensions: number;
  /** Questions and passages may be written differently for the model (see profiles.ts); passages by default. */
  embed(texts: string[], kind?: 'query' | 'passage'): Promise<Float32Array[]>;
  /** It embeds on another thread: what is asked of it ahead is done while this thread works. */
  readonly offThread?: boolean;
}

export class ModelUnavailableError extends Error {}

const BATCH_SIZE = 32;

/** A model id such as `Xenova/all-MiniLM-L6-v2`, or a path to a local model folder? */
export function isLocalModel(spec: string): boolean {
  return path.isAbsolute(spec) || spec.startsWith('.') || existsSync(path.join(spec, 'config.json'));
}

/**
 * Loads a transformers.js feature-extraction model once: a local folder, or a Hugging Face id
 * fetched into cacheDir on first use (or only read from there, when downloads are not allowed).
 * Throws ModelUnavailableError with the reason.
 */
export async function loadTransformersEmbedder(
  spec: string,
  cacheDir: string,
  allowDownload = true,
  profile: ModelProfile = modelProfile(spec),
  /** ONNX Runtime's threads for one inference; by default, as many as there are cores. */
  threads?: number,
): Promise<Embedder> {
  const { env, pipeline } = await import('@huggingface/transformers');
  let id = spec;
  if (isLocalModel(spec)) {
    const folder = path.resolve(spec);
    if (!existsSync(path.join(folder, 'config.json'))) {
      throw new ModelUnavailableError(`EMBEDDING_MODEL: no model folder at ${folder} (config.json missing)`);
    }
    env.allowRemoteModels = false;
    env.allowLocalModels = true;
    env.localModelPath = path.dirname(folder);
    id = path.basename(folder);
  } else {
    env.allowRemoteModels = allowDownload;
    env.cacheDir = cacheDir;
  }
  let extract: Awaited<ReturnType<typeof pipeline<'feature-extraction'>>>;
  try {
    // q8 explicitly: on Node the default is fp32, 2-4x slower on CPU. 'auto' fails without CUDA.
    extract = await pipeline('feature-extraction', id, {
      dtype: 'q8',
      device: 'cpu',
      local_files_only: !allowDownload,
      session_options: { ...(threads ? { intraOpNumThreads: threads, interOpNumThreads: 1 } : {}), extra: NO_SPINNING },
    });
  } catch (error) {
    const reason = (error as Error).message;
    const hint = /fetch failed|ENOTFOUND|EAI_AGAIN|ECONNREFUSED/.test(reason) ? ' (no network: a model id is downloaded on first use)' : '';
    throw new ModelUnavailableError(`cannot load the embedding model ${spec}: ${reason}${hint}`);
  }
  const embed = async (texts: string[], kind: 'query' | 'passage' = 'passage'): Promise<Float32Array[]> => {
    const prefix = kind === 'query' ? profile.queryPrefix : profile.passagePrefix;
    const vectors: Float32Array[] = [];
    for (let i = 0; i < texts.length; i += BATCH_SIZE) {
      const batch = texts.slice(i, i + BATCH_SIZE).map((t) => prefix + t);
      // The pipeline's own steps, but pooled here (pool.ts says why).
      const inputs = extract.tokenizer(batch, { padding: true, truncation: true });
      const outputs = (await extract.model(inputs)) as Record<string, TokenVectors | undefined>;
      const tokens = outputs.last_hidden_state ?? outputs.logits ?? outputs.token_embeddings;
      if (!tokens) throw new Error(`the model ${spec} returned no token vectors (${Object.keys(outputs).join(', ')})`);
      vectors.push(...poolTokens(tokens, (inputs.attention_mask as { data: BigInt64Array }).data, profile.pooling));
    }
    return vectors;
  };
  const [probe] = await embed(['dimensions']);
  return { model: modelIdentity(spec, profile), dimensions: probe!.length, embed };
}

/**
 * Loads models the way the settings say: downloads into MODEL_CACHE_DIR only when allowed; the
 * configured model with the prefix and pooling settings, any other (the bundled one) as it is.
 */
export function transformersLoader(config: Config, threads?: number): (spec: string) => Promise<Embedder> {
  return (spec) =>
    loadTransformersEmbedder(
      spec,
      config.modelCacheDir,
      config.allowModelDownload,
      modelProfile(spec, spec === config.embeddingModel ? config.embeddingProfile : {}),
      threads,
    );
}
