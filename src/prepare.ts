import type { Config } from './config.js';
import { loadTransformersEmbedder, ModelUnavailableError, type Embedder } from './embed/embedder.js';
import { buildIndex, type BuildReport } from './index/build.js';
import type { Log } from './log.js';
import { loadNotes, type LoadedNotes, type NotesCache } from './notes/load.js';
import { formatProblem } from './notes/note.js';
import { createSearchEngine, type SearchEngine } from './search/engine.js';

export interface Prepared extends Indexed {
  /** Undefined when the model could not be loaded and search is lexical. */
  embedder?: Embedder;
  /** Why the model is not in use, when it is not. */
  modelError?: string;
}

export interface PrepareOptions {
  log: Log;
  onProgress?: (done: number, total: number) => void;
  /** Fail rather than fall back to lexical search when the model cannot be loaded. */
  requireModel?: boolean;
  /** Remembers parsed files, for a LiveIndex to start from. */
  cache?: NotesCache;
  /** Replaces the transformers.js loader (tests count its calls). */
  loadEmbedder?: (config: Config) => Promise<Embedder>;
}

const defaultLoader = (config: Config) => loadTransformersEmbedder(config.embeddingModel, config.modelCacheDir, config.allowModelDownload);

export interface Indexed {
  engine: SearchEngine;
  notes: LoadedNotes;
  /** Undefined in lexical mode: nothing is written without a model. */
  build?: BuildReport;
}

export interface IndexNotesOptions extends Pick<PrepareOptions, 'log' | 'onProgress' | 'cache'> {
  /** What serves now: kept as it is when no file changed. */
  current?: Indexed;
}

/**
 * Loads the notes and brings the index in line with them (incrementally), then returns a new
 * search engine over them. Without an embedder, a lexical engine over the notes as they are.
 */
export async function indexNotes(config: Config, embedder: Embedder | undefined, { log, onProgress, cache, current }: IndexNotesOptions): Promise<Indexed> {
  const notes = await loadNotes(config.notesDir, config.baseUrl, cache);
  if (current && !notes.changed) return { ...current, notes };
  for (const p of notes.broken) log.warn(`skipped ${formatProblem(p)}`);
  for (const p of notes.warnings) log.warn(formatProblem(p));
  if (notes.notes.length === 0) log.warn(`no notes found in ${config.notesDir}`);
  if (!embedder) return { engine: createSearchEngine({ passages: notes.passages }), notes };
  const build = await buildIndex({
    indexDir: config.indexDir,
    passages: notes.passages,
    notes: notes.notes.length,
    embedder,
    onProgress,
    previous: current?.build?.index,
  });
  const { passages, vectors } = build.index;
  return { engine: createSearchEngine({ passages, vectors, embedder }), notes, build };
}

/**
 * Loads the model once, then the notes and the index (built or updated as needed). Without the
 * model it says so once and searches lexically.
 */
export async function prepare(config: Config, { log, onProgress, requireModel, cache, loadEmbedder = defaultLoader }: PrepareOptions): Promise<Prepared> {
  let embedder: Embedder | undefined;
  let modelError: string | undefined;
  try {
    embedder = await loadEmbedder(config);
  } catch (error) {
    if (!(error instanceof ModelUnavailableError) || requireModel) throw error;
    modelError = error.message;
    log.warn(`${error.message}\nAnswering with keyword search only. To use the model offline, set EMBEDDING_MODEL to a local model folder (see README).`);
  }
  return { ...(await indexNotes(config, embedder, { log, onProgress, cache })), embedder, modelError };
}
