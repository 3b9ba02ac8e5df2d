import type { Config } from './config.js';
import { chooseModel, type ChosenModel, type ModelLoader } from './embed/choose-model.js';
import { transformersLoader } from './embed/embedder.js';
import { indexNotes, type Indexed, type IndexNotesOptions } from './index/index-notes.js';

export interface Prepared extends Indexed, ChosenModel {}

export interface PrepareOptions extends Omit<IndexNotesOptions, 'current'> {
  /** Fail rather than fall back when the configured model cannot be loaded. */
  requireModel?: boolean;
  /** Replaces the transformers.js loader (tests count its calls, or make it fail). */
  load?: ModelLoader;
  /** The bundled model's folder (tests point it at a broken one). */
  bundledDir?: string;
}

/**
 * Loads the model once (the configured one, else the bundled one, else none), then the notes and
 * the index, built or updated as needed: what the CLI and the bot start from.
 */
export async function prepare(config: Config, { requireModel, load = transformersLoader(config), bundledDir, ...options }: PrepareOptions): Promise<Prepared> {
  const chosen = await chooseModel(config.embeddingModel, { log: options.log, load, requireModel, bundledDir });
  return { ...(await indexNotes(config, chosen.embedder, options)), ...chosen };
}
