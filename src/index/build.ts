import type { Embedder } from '../embed/embedder.js';
import { embeddingInput } from '../embed/input.js';
import { silentLog, type Log } from '../log/log.js';
import type { NoteInfo } from '../notes/note.js';
import { CHUNKER_VERSION, type Passage } from '../notes/passages.js';
import { buildEngineData } from '../search/engine.js';
import { withIndexLock } from './lock.js';
import type { PartSizes } from './parts.js';
import { FORMAT, IndexWriteError, readIndex, writeIndex, type Manifest, type StoredIndex } from './store.js';

export interface BuildOptions {
  indexDir: string;
  passages: Passage[];
  /** The notes the passages come from, as the bot lists them. */
  notes: NoteInfo[];
  embedder: Embedder;
  /**
   * What a build reuses of the index before it, when that is in memory already (a running bot's):
   * saves reading it back. A function, called once, so that the build holds the old vectors only
   * until it has copied them.
   */
  takePrevious?: () => PriorIndex | undefined;
  onProgress?: (done: number, total: number) => void;
  log?: Log;
  /** How passages are grouped into parts on disk (parts.ts); the default suits any corpus. */
  partSizes?: PartSizes;
}

export interface BuildReport {
  index: StoredIndex;
  /** True when the serving index already matched the notes and nothing was written. */
  upToDate: boolean;
  /** Why everything was embedded again, when it was. */
  rebuiltBecause?: string;
  embedded: number;
  reused: number;
  removed: number;
  /**
   * Why the new index could not be saved (a read-only folder, a full disk), when it could not:
   * `index` is then held in memory only, and the one on disk is as it was.
   */
  notSaved?: string;
}

const EMBED_BATCH = 64;

/** Why an index built as the manifest says cannot serve this model, if it cannot. */
export function incompatibility(previous: Manifest, model: string, dimensions: number): string | undefined {
  if (previous.model !== model) return `the model changed (${previous.model} → ${model})`;
  if (previous.dimensions !== dimensions) return `the dimensions changed (${previous.dimensions} → ${dimensions})`;
  if (previous.chunkerVersion !== CHUNKER_VERSION) return `the chunker changed (v${previous.chunkerVersion} → v${CHUNKER_VERSION})`;
  return undefined;
}

/** What tells whether a passage is indexed as it is now: its id hashes its content, not its date or place. */
export type PassageKey = Pick<Passage, 'id' | 'date' | 'start' | 'end'>;

/**
 * What a build reuses of the index before it: its passages' keys, in order, and their vectors.
 * This, not the whole index, is what the indexing thread keeps between runs: through a re-index
 * of every note the old passages (their text and cached terms) and keyword arrays would otherwise
 * stay alive while the new ones are read and cut.
 */
export interface PriorIndex {
  manifest: Manifest;
  generation: string;
  keys: readonly PassageKey[];
  vectors: Float32Array;
  dims: number;
  /** Nothing else reads `vectors` (the indexing thread's own copy, or one just read): a build may write its rows into them. */
  owned: boolean;
}

/** @param owned whether nothing else reads the index's vectors (an engine serving them does) */
export function priorIndex({ manifest, generation, data }: StoredIndex, owned = false): PriorIndex {
  const keys = data.passages.map(({ id, date, start, end }): PassageKey => ({ id, start, end, ...(date === undefined ? {} : { date }) }));
  return { manifest, generation, keys, vectors: data.vectors, dims: data.dims, owned };
}

/** The same passages in the same order. */
function samePassages(a: readonly PassageKey[], b: readonly PassageKey[]): boolean {
  return a.length === b.length && a.every((p, i) => p.id === b[i]!.id && p.date === b[i]!.date && p.start === b[i]!.start && p.end === b[i]!.end);
}

/** The prior index's vectors and, by passage id, the row each is in. */
interface ReusableRows {
  rows: Map<string, number>;
  vectors: Float32Array;
  /** The build may write into `vectors` (PriorIndex.owned). */
  owned: boolean;
}

/**
 * The new index's vectors, in the passages' order: each from the prior index's rows or the freshly
 * embedded. Where it may (inPlace), only the new rows are written, into the prior vectors. Else a
 * run of passages in the prior order is copied in one go: at 100,000 passages, a view of every
 * prior row and a copy of each took 1.0-1.1 s of a one-note re-index.
 */
function gatherVectors(passages: readonly Passage[], dims: number, reusable: ReusableRows | undefined, fresh: ReadonlyMap<string, Float32Array>): Float32Array {
  if (reusable && inPlace(passages, dims, reusable)) {
    passages.forEach((p, i) => {
      const vector = fresh.get(p.id);
      if (vector) reusable.vectors.set(vector, i * dims);
    });
    return reusable.vectors;
  }
  const matrix = new Float32Array(passages.length * dims);
  for (let i = 0; i < passages.length;) {
    const row = reusable?.rows.get(passages[i]!.id);
    if (row === undefined) {
      matrix.set(fresh.get(passages[i]!.id)!, i * dims);
      i++;
      continue;
    }
    let run = 1;
    while (i + run < passages.length && reusable!.rows.get(passages[i + run]!.id) === row + run) run++;
    matrix.set(reusable!.vectors.subarray(row * dims, (row + run) * dims), i * dims);
    i += run;
  }
  return matrix;
}

/**
 * Whether the new rows can go into the prior vectors themselves: they are the build's to write,
 * as many, and every passage kept is in its old row (one note edited without a passage more or
 * less). A new array of 150 MB (100,000 × 384) cost 0.4 s of page faults before a row was copied.
 * A new passage's row then held a passage that is gone: any passage still there is in its own.
 */
function inPlace(passages: readonly Passage[], dims: number, { owned, rows, vectors }: ReusableRows): boolean {
  if (!owned || vectors.length !== passages.length * dims) return false;
  return passages.every((p, i) => {
    const row = rows.get(p.id);
    return row === undefined || row === i;
  });
}

/**
 * What a build takes from the index before it: the index itself when it already matches the
 * passages (read from disk whole, or rebuilt over the vectors held), else the vectors it can
 * reuse (by passage id) and how many of its passages are gone. Only the vectors outlive this call.
 */
async function reusableVectors(
  indexDir: string,
  takePrevious: BuildOptions['takePrevious'],
  { model, dimensions }: Embedder,
  passages: Passage[],
  notes: NoteInfo[],
): Promise<{ upToDate?: StoredIndex; reusable?: ReusableRows; removed: number; rebuiltBecause?: string; unreadable?: boolean }> {
  let prior = takePrevious?.();
  let stored: StoredIndex | undefined;
  let rebuiltBecause: string | undefined;
  let unreadable = false;
  if (!prior) {
    try {
      stored = await readIndex(indexDir);
      prior = stored && priorIndex(stored, true);
    } catch (error) {
      rebuiltBecause = `the existing index could not be read (${(error as Error).message})`;
      unreadable = true;
    }
  }
  const reason = prior && incompatibility(prior.manifest, model, dimensions);
  if (reason) rebuiltBecause = reason;
  let reusable: ReusableRows | undefined;
  if (prior && !reason) {
    const { manifest, generation, vectors, dims } = prior;
    if (samePassages(prior.keys, passages)) {
      return { upToDate: stored ?? { manifest, generation, notes, data: buildEngineData(passages, { vectors, dims }) }, removed: 0 };
    }
    reusable = { rows: new Map(prior.keys.map((p, i) => [p.id, i])), vectors, owned: prior.owned };
  }
  const current = new Set(passages.map((p) => p.id));
  const removed = prior ? prior.keys.filter((p) => !current.has(p.id)).length : 0;
  return { ...(reusable ? { reusable } : {}), removed, unreadable, ...(rebuiltBecause ? { rebuiltBecause } : {}) };
}

/**
 * Brings the index in line with the notes. Incremental: a passage whose id (a hash of its
 * content) is already indexed keeps its vector; only new or changed passages are embedded.
 */
export async function buildIndex({
  indexDir,
  passages,
  notes,
  embedder,
  onProgress,
  log = silentLog,
  takePrevious,
  partSizes,
}: BuildOptions): Promise<BuildReport> {
  const { model, dimensions } = embedder;
  const prior = await reusableVectors(indexDir, takePrevious, embedder, passages, notes);
  if (prior.upToDate) return { index: prior.upToDate, upToDate: true, embedded: 0, reused: passages.length, removed: 0 };
  const { reusable, removed, rebuiltBecause, unreadable } = prior;

  const missing = passages.filter((p) => !reusable?.rows.has(p.id));
  const fresh = new Map<string, Float32Array>();
  onProgress?.(0, missing.length);
  for (let i = 0; i < missing.length; i += EMBED_BATCH) {
    const batch = missing.slice(i, i + EMBED_BATCH);
    const vectors = await embedder.embed(batch.map(embeddingInput));
    batch.forEach((p, j) => fresh.set(p.id, vectors[j]!));
    onProgress?.(Math.min(i + EMBED_BATCH, missing.length), missing.length);
  }

  // The old vectors are copied from here, and no longer held while the generation is written.
  // No passages, no dimensions: as a stored index without passages reads back.
  const dims = passages.length > 0 ? dimensions : 0;
  const data = buildEngineData(passages, { vectors: gatherVectors(passages, dims, reusable, fresh), dims });
  fresh.clear();
  const fields: Omit<Manifest, 'checksums'> = {
    format: FORMAT,
    model,
    dimensions,
    chunkerVersion: CHUNKER_VERSION,
    builtAt: new Date().toISOString(),
    notes: notes.length,
    passages: passages.length,
  };
  const report = {
    upToDate: false,
    ...(rebuiltBecause ? { rebuiltBecause } : {}),
    embedded: missing.length,
    reused: passages.length - missing.length,
    removed,
  };
  try {
    const { generation, manifest } = await withIndexLock(indexDir, log, () =>
      writeIndex(indexDir, fields, data, notes, { keepParts: !unreadable, ...(partSizes ? { partSizes } : {}) }),
    );
    return { index: { manifest, data, notes, generation }, ...report };
  } catch (error) {
    if (!(error instanceof IndexWriteError)) throw error;
    return { index: { manifest: { ...fields, checksums: {} }, data, notes, generation: 'unsaved' }, ...report, notSaved: error.message };
  }
}
