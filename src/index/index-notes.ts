import type { Config } from '../config.js';
import type { Embedder } from '../embed/embedder.js';
import type { Log } from '../log/log.js';
import { loadNotes, type LoadedNotes, type NotesCache } from '../notes/load.js';
import { formatProblem } from '../notes/note.js';
import { createSearchEngine, openSearchEngine, type SearchEngine } from '../search/engine.js';
import { buildIndex, type BuildReport } from './build.js';

/** What serves: a search engine over the notes as they were loaded. */
export interface Indexed {
  engine: SearchEngine;
  notes: LoadedNotes;
  /** Undefined in lexical mode: nothing is written without a model. */
  build?: BuildReport;
}

export interface IndexNotesOptions {
  log: Log;
  onProgress?: (done: number, total: number) => void;
  /** Remembers parsed files, so that the next call re-reads only what changed. */
  cache?: NotesCache;
  /** What serves now: kept as it is when no file changed. */
  current?: Indexed;
}

/**
 * Loads the notes and brings the index in line with them (incrementally), then returns a new
 * search engine over them. Without an embedder, a lexical engine over the notes as they are.
 */
export async function indexNotes(config: Config, embedder: Embedder | undefined, { log, onProgress, cache, current }: IndexNotesOptions): Promise<Indexed> {
  const notes = await loadNotes(config.notesDir, config.baseUrl, { cache, maxNoteBytes: config.maxNoteBytes });
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
    log,
    previous: current?.build?.index,
  });
  if (build.notSaved) log.warn(`${build.notSaved}\nAnswering from the notes as they are, held in memory; the index on disk is unchanged.`);
  return { engine: openSearchEngine(build.index.data, embedder), notes, build };
}
