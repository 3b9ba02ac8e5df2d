import type { Embedder } from '../embed/embedder.js';
import { embeddingInput, sentenceInputs } from '../embed/input.js';
import { silentLog, type Log } from '../log/log.js';
import type { NoteInfo } from '../notes/note.js';
import { CHUNKER_VERSION, type Passage } from '../notes/passages.js';
import { buildEngineData } from '../search/engine.js';
import { adoptStoredTerms, DEFAULT_LEXICAL } from '../search/lexical.js';
import { withIndexLock } from './lock.js';
import type { PartSizes } from './parts.js';
import type { PassageRows, SentenceStore } from './sentence-rows.js';
import {
  FORMAT,
  IndexWriteError,
  openSentences,
  passageKey,
  readIndex,
  samePassages,
  writeIndex,
  type Manifest,
  type PartSentences,
  type PassageKey,
  type StoredIndex,
} from './store.js';

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
  /** How far embedding is: the passages' vectors, then their sentences' (of the parts written). */
  onProgress?: (done: number, total: number, what: 'passages' | 'sentences') => void;
  log?: Log;
  /** How passages are grouped into parts on disk and keyword segments (parts.ts); the default suits any corpus. */
  partSizes?: PartSizes;
  /** The caller keeps the vectors for later builds to write into (heldIndexUpdates): leave room for passages they add. */
  keepsVectors?: boolean;
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
  /** Sentence vectors of the parts written: of how many passages embedded, and copied from the index before. */
  sentences: { embedded: number; copied: number };
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
  return { manifest, generation, keys: data.passages.map(passageKey), vectors: data.vectors, dims: data.dims, owned };
}

/**
 * For each passage, the row of the prior index that holds its vector (the same id: the same text
 * under the same title and headings), or -1; and how many prior passages are gone. Both lists go
 * note by note and mostly agree: where they agree at the start and at the end, passages are paired
 * by position; only the stretch between (one note edited, added or removed) is paired by id. A
 * Map of every id was 0.23 s of a one-note re-index at 100,000 passages.
 */
export function priorRows(prior: readonly Pick<PassageKey, 'id'>[], passages: readonly Pick<PassageKey, 'id'>[]): { rows: Int32Array; removed: number } {
  const shorter = Math.min(prior.length, passages.length);
  let head = 0;
  while (head < shorter && prior[head]!.id === passages[head]!.id) head++;
  let tail = 0;
  while (tail < shorter - head && prior[prior.length - 1 - tail]!.id === passages[passages.length - 1 - tail]!.id) tail++;
  const rows = new Int32Array(passages.length);
  for (let i = 0; i < head; i++) rows[i] = i;
  const shift = prior.length - passages.length;
  for (let i = passages.length - tail; i < passages.length; i++) rows[i] = i + shift;
  const between = new Map<string, number>();
  for (let row = head; row < prior.length - tail; row++) between.set(prior[row]!.id, row);
  const kept = new Set<string>();
  for (let i = head; i < passages.length - tail; i++) {
    const id = passages[i]!.id;
    rows[i] = between.get(id) ?? -1;
    kept.add(id);
  }
  let removed = 0;
  for (let row = head; row < prior.length - tail; row++) if (!kept.has(prior[row]!.id)) removed++;
  return { rows, removed };
}

/** The prior index's vectors, and for each new passage the row holding its vector (-1: none). */
interface ReusableRows {
  rows: Int32Array;
  vectors: Float32Array;
  /** The prior index's: where its sentence vectors are. */
  manifest: Manifest;
  /** The build may write into `vectors` (PriorIndex.owned). */
  owned: boolean;
}

/**
 * Spare rows after the vectors a build owns, for passages a later build adds (a paragraph, a
 * note): the rows then move within the array instead of into a new one.
 */
const HEADROOM = 1 / 32;
/** The arrays allocated here with HEADROOM: their whole buffer is the vectors' to grow into. */
const roomy = new WeakSet<ArrayBufferLike>();

/**
 * The new index's vectors, in the passages' order: each from the prior index's rows or the freshly
 * embedded. Where it may (inPlace), the kept rows move within the prior vectors and only the new
 * ones are written: a new array of 150 MB (100,000 × 384) cost 0.4 s of page faults before a row
 * was copied into it. Else a run of passages in the prior order is copied in one go: at 100,000
 * passages, a view of every prior row and a copy of each took 1.0-1.1 s of a one-note re-index.
 */
function gatherVectors(
  passages: readonly Passage[],
  dims: number,
  reusable: ReusableRows | undefined,
  fresh: ReadonlyMap<string, Float32Array>,
  withRoom: boolean,
): Float32Array {
  const rows = reusable?.rows ?? new Int32Array(passages.length).fill(-1);
  const size = passages.length * dims;
  let matrix: Float32Array;
  if (reusable && inPlace(rows, size, reusable)) {
    const { buffer, byteOffset } = reusable.vectors;
    moveKeptRows(new Float32Array(buffer, byteOffset, Math.max(size, reusable.vectors.length)), rows, dims);
    matrix = new Float32Array(buffer, byteOffset, size);
  } else {
    const capacity = withRoom ? size + Math.ceil(passages.length * HEADROOM) * dims : size;
    matrix = new Float32Array(new ArrayBuffer(capacity * 4), 0, size);
    if (capacity > size) roomy.add(matrix.buffer);
    for (let i = 0; i < passages.length;) {
      const row = rows[i]!;
      if (row < 0) {
        i++;
        continue;
      }
      let run = 1;
      while (i + run < passages.length && rows[i + run] === row + run) run++;
      matrix.set(reusable!.vectors.subarray(row * dims, (row + run) * dims), i * dims);
      i += run;
    }
  }
  passages.forEach((p, i) => {
    if (rows[i]! < 0) matrix.set(fresh.get(p.id)!, i * dims);
  });
  return matrix;
}

/**
 * Whether the kept rows can move within the prior vectors themselves: they are the build's to
 * write, the new rows fit (in the same length, or in room left for them), and the kept passages
 * are in their old order (notes edited, added or removed; not sections moved within a note).
 */
function inPlace(rows: Int32Array, size: number, { owned, vectors }: ReusableRows): boolean {
  if (!owned) return false;
  const room = roomy.has(vectors.buffer) && vectors.byteOffset === 0 ? vectors.buffer.byteLength / 4 : vectors.length;
  if (size > room) return false;
  let last = -1;
  for (const row of rows) {
    if (row < 0) continue;
    if (row <= last) return false;
    last = row;
  }
  return true;
}

/**
 * Moves each run of kept rows from its old place to its new one within `space`. With the order
 * kept, a run moving left never lands on a row still to move left after it, nor on one moving
 * right (which lie after it): those go first, in order; then the runs moving right, from the last.
 */
function moveKeptRows(space: Float32Array, rows: Int32Array, dims: number): void {
  const runs: { from: number; to: number; length: number }[] = [];
  for (let i = 0; i < rows.length;) {
    const row = rows[i]!;
    let length = 1;
    if (row >= 0) {
      while (i + length < rows.length && rows[i + length] === row + length) length++;
      if (row !== i) runs.push({ from: row, to: i, length });
    }
    i += length;
  }
  const move = ({ from, to, length }: (typeof runs)[number]) => space.copyWithin(to * dims, from * dims, (from + length) * dims);
  runs.filter((r) => r.to < r.from).forEach(move);
  runs
    .filter((r) => r.to > r.from)
    .reverse()
    .forEach(move);
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
      // Its keyword segments, for the passages still in them: a changed note rebuilds its own.
      if (stored) adoptStoredTerms(passages, stored.data);
    } catch (error) {
      rebuiltBecause = `the existing index could not be read (${(error as Error).message})`;
      unreadable = true;
    }
  }
  const reason = prior && incompatibility(prior.manifest, model, dimensions);
  if (reason) rebuiltBecause = reason;
  const rebuilt = rebuiltBecause ? { rebuiltBecause } : {};
  if (!prior) return { removed: 0, unreadable, ...rebuilt };
  const { manifest, generation, vectors, dims } = prior;
  // An index in an older format is written again in this one, with every vector reused.
  if (!reason && manifest.format === FORMAT && samePassages(prior.keys, passages)) {
    return { upToDate: stored ?? { manifest, generation, notes, data: buildEngineData(passages, { vectors, dims }) }, removed: 0 };
  }
  const { rows, removed } = priorRows(prior.keys, passages);
  return { ...(reason ? {} : { reusable: { rows, vectors, manifest, owned: prior.owned } }), removed, unreadable, ...rebuilt };
}

/**
 * The sentence vectors of each part a build writes: a kept passage's rows copied from the prior
 * index's files as they are (quantized once; a run of passages in their prior order in one read),
 * a new passage's sentences embedded, each alone, as quoting would, in batches across the part's
 * passages. A kept passage whose rows cannot be read (its file deleted by another process's
 * build) is embedded too.
 */
function partSentences(
  embedder: Embedder,
  rows: Int32Array | undefined,
  prior: SentenceStore | undefined,
  counts: BuildReport['sentences'],
  progress: (passages: number) => void,
): PartSentences {
  return async (members, first) => {
    const found: PassageRows[] = [];
    const missing: number[] = [];
    for (let j = 0; j < members.length;) {
      const row = rows?.[first + j] ?? -1;
      let run = 1;
      while (row >= 0 && j + run < members.length && rows![first + j + run] === row + run) run++;
      const copied = prior && row >= 0 ? await prior.rowsOf(row, row + run).catch(() => undefined) : undefined;
      for (let k = 0; k < run; k++) {
        if (copied) found[j + k] = copied[k]!;
        else missing.push(j + k);
      }
      j += run;
    }
    const texts = missing.map((j) => sentenceInputs(members[j]!.text));
    const flat = texts.flat();
    const vectors: Float32Array[] = [];
    for (let i = 0; i < flat.length; i += EMBED_BATCH) vectors.push(...(await embedder.embed(flat.slice(i, i + EMBED_BATCH))));
    let next = 0;
    missing.forEach((j, m) => (found[j] = { vectors: texts[m]!.map(() => vectors[next++]!) }));
    counts.embedded += missing.length;
    counts.copied += members.length - missing.length;
    progress(missing.length);
    return found;
  };
}

/** The prior index's sentence vectors, when it has them and they can be read. */
async function priorSentences(indexDir: string, reusable: ReusableRows | undefined, log: Log): Promise<SentenceStore | undefined> {
  if (!reusable) return undefined;
  try {
    return await openSentences(indexDir, reusable.manifest);
  } catch (error) {
    log.warn(`the index's sentence vectors cannot be read, so the sentences of every part written are embedded again: ${(error as Error).message}`);
    return undefined;
  }
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
  keepsVectors,
}: BuildOptions): Promise<BuildReport> {
  const { model, dimensions } = embedder;
  const prior = await reusableVectors(indexDir, takePrevious, embedder, passages, notes);
  if (prior.upToDate) return { index: prior.upToDate, upToDate: true, embedded: 0, reused: passages.length, removed: 0, sentences: { embedded: 0, copied: 0 } };
  const { reusable, removed, rebuiltBecause, unreadable } = prior;

  const missing = reusable ? passages.filter((_, i) => reusable.rows[i]! < 0) : passages;
  const fresh = new Map<string, Float32Array>();
  onProgress?.(0, missing.length, 'passages');
  for (let i = 0; i < missing.length; i += EMBED_BATCH) {
    const batch = missing.slice(i, i + EMBED_BATCH);
    const vectors = await embedder.embed(batch.map(embeddingInput));
    batch.forEach((p, j) => fresh.set(p.id, vectors[j]!));
    onProgress?.(Math.min(i + EMBED_BATCH, missing.length), missing.length, 'passages');
  }

  // The old vectors are copied from here, and no longer held while the generation is written.
  // No passages, no dimensions: as a stored index without passages reads back.
  const dims = passages.length > 0 ? dimensions : 0;
  const data = buildEngineData(passages, { vectors: gatherVectors(passages, dims, reusable, fresh, keepsVectors === true), dims }, DEFAULT_LEXICAL, partSizes);
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
  const sentences = { embedded: 0, copied: 0 };
  const report = {
    upToDate: false,
    ...(rebuiltBecause ? { rebuiltBecause } : {}),
    embedded: missing.length,
    reused: passages.length - missing.length,
    removed,
    sentences,
  };
  const copyFrom = await priorSentences(indexDir, reusable, log);
  // Of the passages without rows to copy, those of parts kept as they are need none: then this ends short of its total.
  const toEmbed = copyFrom ? missing.length : passages.length;
  let done = 0;
  onProgress?.(0, toEmbed, 'sentences');
  const partRows = partSentences(embedder, reusable?.rows, copyFrom, sentences, (count) => onProgress?.((done += count), toEmbed, 'sentences'));
  try {
    const { generation, manifest } = await withIndexLock(indexDir, log, () =>
      writeIndex(indexDir, fields, data, notes, { keepParts: !unreadable, sentences: partRows }),
    );
    return { index: { manifest, data, notes, generation }, ...report };
  } catch (error) {
    if (!(error instanceof IndexWriteError)) throw error;
    return { index: { manifest: { ...fields, checksums: {} }, data, notes, generation: 'unsaved' }, ...report, notSaved: error.message };
  }
}
