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

export interface WeightedField {
  terms: string[];
  weight: number;
}

/**
 * An inverted index as plain arrays, ready to store or to hand to another thread: term t's
 * postings are positions starts[t] to starts[t + 1] of docs (ascending) and tfs.
 */
export interface Bm25Data {
  terms: string[];
  starts: Int32Array;
  docs: Int32Array;
  /** Term frequencies, weighted by field. */
  tfs: Float32Array;
  /** Each document's weighted length. */
  lengths: Float32Array;
  /**
   * Posting i's whole BM25+ contribution, idf included, for a term of weight 1 (bm25Impacts):
   * worked out where the arrays are built or read (the indexing thread, or the bot's start), not
   * when an engine opens on the answering thread; not stored, since the rest gives them.
   */
  impacts: Float32Array;
}

/** One document as BM25 sees it: its distinct terms (ids of some dictionary), their frequencies weighted by field, and its weighted length. */
export interface Bm25Document {
  terms: ArrayLike<number>;
  tfs: ArrayLike<number>;
  length: number;
}

/**
 * The index of docs, whose term ids `name` spells (ids below dictionarySize). A term's id in the
 * index is its order of first appearance, document by document; `ids` maps a dictionary id to
 * it (-1: in no document), so that arrays built beside the index can share the index's ids.
 */
export function buildBm25(docs: readonly Bm25Document[], name: (id: number) => string, dictionarySize: number): { data: Bm25Data; ids: Int32Array } {
  const ids = new Int32Array(dictionarySize).fill(-1);
  const terms: string[] = [];
  const df: number[] = [];
  for (const doc of docs) {
    for (let k = 0; k < doc.terms.length; k++) {
      const id = doc.terms[k]!;
      if (ids[id] === -1) {
        ids[id] = terms.length;
        terms.push(name(id));
        df.push(0);
      }
      df[ids[id]!]!++;
    }
  }
  // Counted first, then placed: each term's postings in one run of the arrays, documents ascending.
  const starts = new Int32Array(terms.length + 1);
  for (let t = 0; t < terms.length; t++) starts[t + 1] = starts[t]! + df[t]!;
  const postingDocs = new Int32Array(starts[terms.length]!);
  const tfs = new Float32Array(postingDocs.length);
  const lengths = new Float32Array(docs.length);
  const next = starts.slice(0, terms.length);
  docs.forEach((doc, d) => {
    lengths[d] = doc.length;
    for (let k = 0; k < doc.terms.length; k++) {
      const at = next[ids[doc.terms[k]!]!]!++;
      postingDocs[at] = d;
      tfs[at] = doc.tfs[k]!;
    }
  });
  const data = { terms, starts, docs: postingDocs, tfs, lengths };
  return { data: { ...data, impacts: bm25Impacts(data) }, ids };
}

const idfOf = (df: number, size: number) => Math.log(1 + (size - df + 0.5) / (df + 0.5));

/**
 * What each posting adds to a document's score for a term of weight 1. A query's terms and the
 * corpus do not change it, so it is worked out once: scoring then multiplies and adds, with no
 * division and no look-up of the document's length. At 100,000 passages of the generated corpus a
 * question's terms have about 350,000 postings; this took their scoring from 20 to 13 ms. It takes
 * 50 ms at 10,000 passages, which is why it is made with the arrays, off the answering thread.
 */
export function bm25Impacts({ starts, docs, tfs, lengths }: Omit<Bm25Data, 'impacts' | 'terms'>): Float32Array {
  const { k1, b, delta } = DEFAULT_BM25;
  const size = lengths.length;
  const average = lengths.reduce((a, c) => a + c, 0) / Math.max(1, size) || 1;
  const norms = lengths.map((len) => k1 * (1 - b + (b * len) / average));
  const impacts = new Float32Array(tfs.length);
  for (let t = 0; t + 1 < starts.length; t++) {
    const idf = idfOf(starts[t + 1]! - starts[t]!, size);
    for (let i = starts[t]!; i < starts[t + 1]!; i++) impacts[i] = idf * (delta + (tfs[i]! * (k1 + 1)) / (tfs[i]! + norms[docs[i]!]!));
  }
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

export class Bm25Index {
  readonly size: number;
  private readonly ids: Map<string, number>;

  constructor(private readonly data: Bm25Data) {
    this.size = data.lengths.length;
    this.ids = new Map(data.terms.map((t, i) => [t, i]));
  }

  /** The term's id, shared with the arrays built beside the index. */
  id(term: string): number | undefined {
    return this.ids.get(term);
  }

  has(term: string): boolean {
    return this.df(term) > 0;
  }

  /** How many documents hold the term. */
  df(term: string): number {
    const t = this.ids.get(term);
    return t === undefined ? 0 : this.data.starts[t + 1]! - this.data.starts[t]!;
  }

  idf(term: string): number {
    return idfOf(this.df(term), this.size);
  }

  /** The documents holding the term, ascending. */
  postings(term: string): Int32Array {
    const t = this.ids.get(term);
    return t === undefined ? new Int32Array(0) : this.data.docs.subarray(this.data.starts[t], this.data.starts[t + 1]);
  }

  /** The BM25 score of every document holding at least one of the terms (each weighted, default 1). */
  score(terms: Map<string, number>): Bm25Scores {
    // A dense array: a Map of every matching document cost more than the scoring itself, and
    // with common words nearly every document matches.
    const scores = new Float32Array(this.size);
    const { starts, docs, impacts } = this.data;
    const runs: [number, number][] = [];
    let postings = 0;
    for (const [term, weight] of terms) {
      const t = this.ids.get(term);
      if (t === undefined) continue;
      runs.push([t, weight]);
      postings += starts[t + 1]! - starts[t]!;
    }
    // Few postings: each document is noted as it first scores. Many (common words): noting costs
    // a branch per posting, more than one look over every document's score afterwards. Noted in a
    // typed array: pushing the 93,000 documents a common word matches at 100,000 passages onto an
    // array took 9 ms, more than the scoring.
    const few = postings * 4 < this.size;
    const matched = new Int32Array(few ? postings : this.size);
    let count = 0;
    for (const [t, weight] of runs) {
      const end = starts[t + 1]!;
      if (few) {
        for (let i = starts[t]!; i < end; i++) {
          const d = docs[i]!;
          if (scores[d] === 0) matched[count++] = d;
          scores[d]! += weight * impacts[i]!;
        }
      } else {
        for (let i = starts[t]!; i < end; i++) scores[docs[i]!]! += weight * impacts[i]!;
      }
    }
    if (!few) for (let d = 0; d < this.size; d++) if (scores[d] !== 0) matched[count++] = d;
    let best = 0;
    for (let k = 0; k < count; k++) if (scores[matched[k]!]! > best) best = scores[matched[k]!]!;
    return { scores, matched: matched.subarray(0, count), best };
  }
}
