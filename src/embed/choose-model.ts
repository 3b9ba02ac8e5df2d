import type { Log } from '../log/log.js';
import { BUNDLED_MODEL_DIR, BUNDLED_MODEL_ID } from './bundled.js';
import { ModelUnavailableError, type Embedder } from './embedder.js';

/** Loads a model by id or folder; throws ModelUnavailableError with the reason when it cannot. */
export type ModelLoader = (spec: string) => Promise<Embedder>;

export interface ChosenModel {
  /** Undefined when no model could be loaded: search is by keywords alone. */
  embedder?: Embedder;
  /** What the embedder was loaded from (a model id or folder), for another thread to load it too. */
  source?: string;
  /** Set when the configured model is not the one in use, and why. */
  fallback?: { to: 'bundled' | 'keywords'; reason: string };
}

export interface ChooseModelOptions {
  log: Log;
  load: ModelLoader;
  /** Fail rather than fall back: `npm run index` must build with the model it was asked for. */
  requireModel?: boolean;
  /** The bundled model's folder (tests point it at a broken one). */
  bundledDir?: string;
}

/** The settings that make the configured model loadable. */
function howToFix(configured: string): string {
  return `To use ${configured}, let it download once (a network and ALLOW_MODEL_DOWNLOAD=true, the default) into MODEL_CACHE_DIR, or set EMBEDDING_MODEL to a local model folder.`;
}

/**
 * The configured model; when it cannot be loaded (no network, a download refused, a missing
 * folder), the bundled small model, so that search stays hybrid; when that fails too, none
 * (keyword search). Says once which was taken and why.
 */
export async function chooseModel(configured: string, { log, load, requireModel, bundledDir = BUNDLED_MODEL_DIR }: ChooseModelOptions): Promise<ChosenModel> {
  let reason: string;
  try {
    return { embedder: await load(configured), source: configured };
  } catch (error) {
    if (!(error instanceof ModelUnavailableError) || requireModel) throw error;
    reason = error.message;
  }
  try {
    const bundled = await load(bundledDir);
    log.warn(
      `${reason}\nAnswering with the bundled small model (${BUNDLED_MODEL_ID}) instead: hybrid search, coarser than ${configured}. ${howToFix(configured)}`,
    );
    return { embedder: { ...bundled, model: BUNDLED_MODEL_ID }, source: bundledDir, fallback: { to: 'bundled', reason } };
  } catch (error) {
    if (!(error instanceof ModelUnavailableError)) throw error;
    log.warn(`${reason}\nThe bundled model cannot be loaded either (${error.message}).\nAnswering with keyword search only. ${howToFix(configured)}`);
    return { fallback: { to: 'keywords', reason } };
  }
}
