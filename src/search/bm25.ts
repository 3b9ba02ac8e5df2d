import { shared, sharedFloat32, sharedInt32 } from './shared-arrays.js';

/**
 * BM25+ over an inverted index of typed arrays. MiniSearch did this job first; profiling showed
 * it allocating result objects for every matching passage and term, about 1.4 µs per posting,
 * which at 10,000 passages made one query cost 40 ms. The same scores from flat arrays take
 * a few hundredths of that. Fields are weighted by multiplying their term frequencies (the
 * simple BM25F of Robertson et al.).
 */
export interface Bm25Options {
  k1: number;
  b: number;
  /** BM25+'s lower bound for a matching term, so that long passages are not penalised to nothing. */
  delta: number;
}

// MiniSearch's values, which the project measured against first.
export const DEFAULT_BM25: Bm25Options = { k1: 1.2, b: 0.7, delta: 0.5 };

/**
 * One segment's inverted index as plain arrays, ready to store or to hand to another thread: the
 * postings of the terms its documents hold, a document being its position in the segment. An
 * index is a list of segments (a part of the notes each: lexical.ts), so that a changed note
 * rebuilds its segment's arrays and not every one; what depends on the whole index (each term's
 * document frequency, the average length) is applied or fixed by the index, as Lucene does.
 */
export interface Bm25Segment {
  /** The ids of the terms its documents hold, ascending: terms[k]'s postings are positions starts[k] to starts[k + 1] of docs (ascending) and tfs. */
  terms: Int32Array;
  starts: Int32Array;
  docs: Int32Array;
  /** Term frequencies, weighted by field. */
  tfs: Float32Array;
  /** Each document's weighted length. */
  lengths: Float32Array;
  /**
   * Posting i's BM25+ contribution for a term of weight 1 and idf 1, with the index's average
   * length (segmentImpacts): scoring multiplies it by the term's idf. Worked out where the arrays
   * are built or read (the indexing thread, or the bot's start), not when an engine opens on the
   * answering thread; not stored, since the rest gives them.
   */
  impacts: Float32Array;
}

/** One document as BM25 sees it: its distinct terms (ids of some dictionary), their frequencies weighted by field, and its weighted length. */
export interface Bm25Document {
  terms: ArrayLike<number>;
  tfs: ArrayLike<number>;
  length: number;
}

/** Where each dictionary id goes in the segment being built (-1: not in it); reset after each build, so never allocated again for a segment of known ids. */
let slots = new Int32Array(0);

/** The segment of docs, whose term ids are below dictionarySize, with the index's average document length. */
export function buildBm25Segment(docs: readonly Bm25Document[], dictionarySize: number, averageLength: number): Bm25Segment {
  if (slots.length < dictionarySize) slots = new Int32Array(Math.max(dictionarySize, 2 * slots.length)).fill(-1);
  const found: number[] = [];
  for (const doc of docs) {
    for (let k = 0; k < doc.terms.length; k++) {
      const id = doc.terms[k]!;
      if (slots[id] === -1) {
        slots[id] = 0;
        found.push(id);
      }
    }
  }
  const terms = shared(Int32Array.from(found).sort());
  const df = new Int32Array(terms.length);
  terms.forEach((id, t) => (slots[id] = t));
  for (const doc of docs) for (let k = 0; k < doc.terms.length; k++) df[slots[doc.terms[k]!]!]!++;
  // Counted first, then placed: each term's postings in one run of the arrays, documents ascending.
  const starts = sharedInt32(terms.length + 1);
  for (let t = 0; t < terms.length; t++) starts[t + 1] = starts[t]! + df[t]!;
  const postingDocs = sharedInt32(starts[terms.length]!);
  const tfs = sharedFloat32(postingDocs.length);
  const lengths = sharedFloat32(docs.length);
  const next = starts.slice(0, terms.length);
  docs.forEach((doc, d) => {
    lengths[d] = doc.length;
    for (let k = 0; k < doc.terms.length; k++) {
      const at = next[slots[doc.terms[k]!]!]!++;
      postingDocs[at] = d;
      tfs[at] = doc.tfs[k]!;
    }
  });
  for (const id of terms) slots[id] = -1;
  const segment = { terms, starts, docs: postingDocs, tfs, lengths };
  return { ...segment, impacts: segmentImpacts(segment, averageLength) };
}

export const idfOf = (df: number, size: number) => Math.log(1 + (size - df + 0.5) / (df + 0.5));

/**
 * What each posting adds to a document's score for a term of weight 1, before the term's idf. A
 * query's terms do not change it, so it is worked out once: scoring then multiplies and adds,
 * with no division and no look-up of the document's length. At 100,000 passages of the generated
 * corpus a question's terms have about 350,000 postings; this took their scoring from 20 to 13 ms.
 */
export function segmentImpacts({ tfs, docs, lengths }: Pick<Bm25Segment, 'tfs' | 'docs' | 'lengths'>, averageLength: number): Float32Array {
  const { k1, b, delta } = DEFAULT_BM25;
  const norms = lengths.map((len) => k1 * (1 - b + (b * len) / (averageLength || 1)));
  const impacts = sharedFloat32(tfs.length);
  for (let i = 0; i < tfs.length; i++) impacts[i] = delta + (tfs[i]! * (k1 + 1)) / (tfs[i]! + norms[docs[i]!]!);
  return impacts;
}

/** One query's scores: scores[d] for every document, 0 where no term matched. */
export interface Bm25Scores {
  scores: Float32Array;
  /** The documents with a score, in no order. */
  matched: Int32Array;
  /** The highest score, 0 when none matched. */
  best: number;
}

/** Where id lies in the ascending run of ids from `from` to `to` (a segment's term ids, a passage's content terms), or -1. */
export function position(ids: Int32Array, id: number, from = 0, to = ids.length): number {
  let lo = from;
  let hi = to - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const at = ids[mid]!;
    if (at === id) return mid;
    if (at < id) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

/** BM25+ over segments, a document being its position in the index (its segment's first position, plus its own in the segment). */
export class Bm25Index {
  readonly size: number;
  /** Where each segment's documents start, and the size after the last. */
  readonly offsets: Int32Array;

  /**
   * @param ids the dictionary: a term's id
   * @param df by id, how many documents hold the term
   */
  constructor(
    private readonly segments: readonly Bm25Segment[],
    private readonly ids: ReadonlyMap<string, number>,
    private readonly dfs: Int32Array,
  ) {
    this.offsets = new Int32Array(segments.length + 1);
    segments.forEach((s, k) => (this.offsets[k + 1] = this.offsets[k]! + s.lengths.length));
    this.size = this.offsets[segments.length]!;
  }

  /** The term's id in the dictionary. */
  id(term: string): number | undefined {
    return this.ids.get(term);
  }

  has(term: string): boolean {
    return this.df(term) > 0;
  }

  /** How many documents hold the term. */
  df(term: string): number {
    const t = this.ids.get(term);
    return t === undefined ? 0 : (this.dfs[t] ?? 0);
  }

  idf(term: string): number {
    return idfOf(this.df(term), this.size);
  }

  /** The documents holding the term, ascending. */
  postings(term: string): Int32Array {
    const t = this.ids.get(term);
    const found = new Int32Array(t === undefined ? 0 : (this.dfs[t] ?? 0));
    if (found.length === 0) return found;
    let count = 0;
    this.segments.forEach((segment, k) => {
      const at = position(segment.terms, t!);
      if (at < 0) return;
      for (let i = segment.starts[at]!; i < segment.starts[at + 1]!; i++) found[count++] = this.offsets[k]! + segment.docs[i]!;
    });
    return found;
  }

  /** The BM25 score of every document holding at least one of the terms (each weighted, default 1). */
  score(terms: Map<string, number>): Bm25Scores {
    // A dense array: a Map of every matching document cost more than the scoring itself, and
    // with common words nearly every document matches.
    const scores = new Float32Array(this.size);
    const runs: [number, number][] = [];
    let postings = 0;
    for (const [term, weight] of terms) {
      const t = this.ids.get(term);
      const df = t === undefined ? 0 : (this.dfs[t] ?? 0);
      if (df === 0) continue;
      runs.push([t!, weight * idfOf(df, this.size)]);
      postings += df;
    }
    // Few postings: each document is noted as it first scores. Many (common words): noting costs
    // a branch per posting, more than one look over every document's score afterwards. Noted in a
    // typed array: pushing the 93,000 documents a common word matches at 100,000 passages onto an
    // array took 9 ms, more than the scoring.
    const few = postings * 4 < this.size;
    const matched = new Int32Array(few ? postings : this.size);
    let count = 0;
    // Plain loops and no pair per look-up: a search over 180 segments makes 3,600 of them.
    for (let k = 0; k < this.segments.length; k++) {
      const { terms: ids, starts, docs, impacts } = this.segments[k]!;
      const offset = this.offsets[k]!;
      for (let r = 0; r < runs.length; r++) {
        const [t, weight] = runs[r]!;
        const at = position(ids, t);
        if (at < 0) continue;
        const from = starts[at]!;
        const to = starts[at + 1]!;
        if (few) {
          for (let i = from; i < to; i++) {
            const d = offset + docs[i]!;
            if (scores[d] === 0) matched[count++] = d;
            scores[d]! += weight * impacts[i]!;
          }
        } else {
          for (let i = from; i < to; i++) scores[offset + docs[i]!]! += weight * impacts[i]!;
        }
      }
    }
    if (!few) for (let d = 0; d < this.size; d++) if (scores[d] !== 0) matched[count++] = d;
    let best = 0;
    for (let k = 0; k < count; k++) if (scores[matched[k]!]! > best) best = scores[matched[k]!]!;
    return { scores, matched: matched.subarray(0, count), best };
  }
}
