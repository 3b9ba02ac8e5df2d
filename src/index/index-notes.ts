import type { Config } from '../config.js';
import type { Embedder } from '../embed/embedder.js';
import type { Log } from '../log/log.js';
import { loadNotes, type LoadedNotes, type NotesCache } from '../notes/load.js';
import { formatProblem } from '../notes/note.js';
import { rememberShapes } from '../search/duplicates.js';
import { buildEngineData, type EngineData, type SearchEngine } from '../search/engine.js';
import { openServingEngine } from './serving-engine.js';
import { buildIndex, priorIndex, type BuildOptions, type BuildReport, type PriorIndex } from './build.js';

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

/** The notes as loaded, and the arrays an engine opens over (see EngineData). */
export interface Updated {
  data: EngineData;
  notes: LoadedNotes;
  /** Undefined in lexical mode: nothing is written without a model. */
  build?: BuildReport;
}

/**
 * Loads the notes and brings the index in line with them (incrementally); returns the arrays to
 * open an engine over. Without an embedder, the keyword arrays over the notes as they are.
 * Undefined when what the cache was filled with is serving and no file changed since.
 */
export async function updateIndex(
  config: Config,
  embedder: Embedder | undefined,
  {
    log,
    onProgress,
    cache,
    serving = false,
    takePrevious,
    keepsVectors,
  }: Omit<IndexNotesOptions, 'current'> & Pick<BuildOptions, 'takePrevious' | 'keepsVectors'> & { serving?: boolean },
): Promise<Updated | undefined> {
  const notes = await loadNotes(config.notesDir, config.baseUrl, { cache, maxNoteBytes: config.maxNoteBytes });
  if (serving && !notes.changed) return undefined;
  for (const p of notes.broken) log.warn(`skipped ${formatProblem(p)}`);
  for (const p of notes.warnings) log.warn(formatProblem(p));
  if (notes.notes.length === 0) log.warn(`no notes found in ${config.notesDir}`);
  if (!embedder) return { data: buildEngineData(notes.passages), notes };
  const build = await buildIndex({
    indexDir: config.indexDir,
    passages: notes.passages,
    notes: notes.notes,
    embedder,
    onProgress,
    log,
    ...(takePrevious ? { takePrevious } : {}),
    ...(keepsVectors ? { keepsVectors } : {}),
  });
  if (build.notSaved) log.warn(`${build.notSaved}\nAnswering from the notes as they are, held in memory; the index on disk is unchanged.`);
  return { data: build.index.data, notes, build };
}

/** updateIndex, and an engine over the result: what the command line answers with. */
export async function indexNotes(config: Config, embedder: Embedder | undefined, options: IndexNotesOptions): Promise<Indexed> {
  const { current } = options;
  const previous = current?.build?.index;
  const updated = await updateIndex(config, embedder, {
    ...options,
    serving: current !== undefined,
    ...(previous ? { takePrevious: () => priorIndex(previous) } : {}),
  });
  if (!updated) return current!;
  const engine = await openServingEngine(config.indexDir, updated.data, embedder, updated.build?.index.manifest, options.log);
  return { engine, notes: updated.notes, ...(updated.build ? { build: updated.build } : {}) };
}

/**
 * updateIndex as the indexing thread runs it, again and again: each run builds on the vectors the
 * last one built, held here (not read back from the disk) and owned, so that a build may write its
 * new rows into them. An engine that goes on serving a run's data must therefore get a copy of its
 * vectors (the indexing thread hands the answering thread one: see indexing-worker.ts). A run that
 * fails after taking them leaves none, and the next one reads the index back from the disk.
 */
export function heldIndexUpdates(config: Config, embedder: Embedder | undefined, options: Pick<IndexNotesOptions, 'log' | 'cache'>) {
  let previous: PriorIndex | undefined;
  return async (serving: boolean): Promise<Updated | undefined> => {
    const held = previous !== undefined;
    const updated = await updateIndex(config, embedder, {
      ...options,
      serving,
      keepsVectors: true,
      // Handed over, not shared: the build lets the old vectors go once it has used them.
      takePrevious: () => {
        const taken = previous;
        previous = undefined;
        return taken;
      },
    });
    if (updated?.build) previous = priorIndex(updated.build.index, true);
    // Up to date as read from the disk (a restart): the build took the keyword segments from it
    // (adoptStoredTerms), but the check for repeated passages, which every build makes, has each
    // passage's shape to work out (a hash of its words): now, not when the first note changes.
    if (updated?.build?.upToDate && !held) rememberShapes(updated.notes.passages);
    return updated;
  };
}
