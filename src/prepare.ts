import type { Config } from './config.js';
import { loadTransformersEmbedder, ModelUnavailableError, type Embedder } from './embed/embedder.js';
import { buildIndex, type BuildReport } from './index/build.js';
import type { Log } from './log.js';
import { loadNotes, type LoadedNotes } from './notes/load.js';
import { formatProblem } from './notes/note.js';
import { notePassages } from './notes/passages.js';
import { createSearchEngine, type SearchEngine } from './search/engine.js';

export interface Prepared {
  engine: SearchEngine;
  notes: LoadedNotes;
  /** Undefined when the model could not be loaded and search is lexical. */
  build?: BuildReport;
  /** Why the model is not in use, when it is not. */
  modelError?: string;
}

export interface PrepareOptions {
  log: Log;
  onProgress?: (done: number, total: number) => void;
  /** Fail rather than fall back to lexical search when the model cannot be loaded. */
  requireModel?: boolean;
  /** Replaces the transformers.js loader (tests count its calls). */
  loadEmbedder?: (config: Config) => Promise<Embedder>;
}

const defaultLoader = (config: Config) => loadTransformersEmbedder(config.embeddingModel, config.modelCacheDir, config.allowModelDownload);

/**
 * Loads the notes, the model and the index (built or updated as needed) and returns a search
 * engine. Without the model it says so once and searches lexically.
 */
export async function prepare(config: Config, { log, onProgress, requireModel, loadEmbedder = defaultLoader }: PrepareOptions): Promise<Prepared> {
  const notes = await loadNotes(config.notesDir, config.baseUrl);
  for (const p of notes.broken) log.warn(`skipped ${formatProblem(p)}`);
  for (const p of notes.warnings) log.warn(formatProblem(p));
  if (notes.notes.length === 0) log.warn(`no notes found in ${config.notesDir}`);

  let embedder: Embedder;
  try {
    embedder = await loadEmbedder(config);
  } catch (error) {
    if (!(error instanceof ModelUnavailableError) || requireModel) throw error;
    log.warn(`${error.message}\nAnswering with keyword search only. To use the model offline, set EMBEDDING_MODEL to a local model folder (see README).`);
    const passages = notes.notes.flatMap((n) => notePassages(n));
    return { engine: createSearchEngine({ passages }), notes, modelError: error.message };
  }
  const build = await buildIndex({ indexDir: config.indexDir, notes: notes.notes, embedder, onProgress });
  const { passages, vectors } = build.index;
  return { engine: createSearchEngine({ passages, vectors, embedder }), notes, build };
}
