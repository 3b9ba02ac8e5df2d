import type { Embedder } from '../embed/embedder.js';
import type { Passage } from '../notes/passages.js';
import { DEFAULT_ABSTAIN, isAnswered, isStrong, nullModel, OFF_TOPIC_PROBES, type AbstainTuning, type NullModel } from './abstain.js';
import { createDenseIndex } from './dense.js';
import { createLexicalIndex, DEFAULT_LEXICAL, type LexicalIndex, type LexicalOptions } from './lexical.js';
import { normaliseForMatch, quotedPhrases } from './phrase.js';
import { mean, topEntries, topIndexes } from './top.js';
import { contentTerms } from './tokenize.js';

export interface Hit {
  passage: Passage;
  /** The fused score in [0, 1] (2 for an exact phrase match), for ordering. */
  score: number;
  /** Cosine similarity to the question; undefined in lexical mode. */
  dense?: number;
  /** BM25 normalised by this query's best, in [0, 1]. */
  lexical: number;
  /** Share of the question's content-term weight (IDF) found in the passage, in [0, 1]. */
  coverage: number;
  /** The passage contains a phrase the question quotes, or the whole question verbatim. */
  exact: boolean;
}

export interface SearchResult {
  /** False when the notes do not answer the question: the hits are then only the closest. */
  answered: boolean;
  /** Answered on lesser evidence (see isStrong): the answer should say how sure it is. */
  weak: boolean;
  mode: 'hybrid' | 'lexical';
  hits: Hit[];
  /** What later stages (quoting) reuse rather than recompute. */
  query: { terms: string[]; vector?: Float32Array; phrases: string[] };
}

export interface SearchOptions {
  k?: number;
  /** How many passages one note may place in the top five; Infinity lifts the limit. */
  perNote?: number;
  /** Search within this note only. */
  noteId?: string;
}

export interface Tuning {
  /**
   * Weight of the dense score in the fusion (the lexical one gets the rest), from
   * alphaParaphrase when no passage holds the question's terms, down to alphaKeyword when one
   * holds them all: exact words are the best evidence there is, and a paraphrase has none.
   */
  alphaKeyword: number;
  alphaParaphrase: number;
  abstain: AbstainTuning;
  lexical: LexicalOptions;
}

export const DEFAULT_TUNING: Tuning = {
  alphaKeyword: 0.3,
  alphaParaphrase: 0.5,
  abstain: DEFAULT_ABSTAIN,
  lexical: DEFAULT_LEXICAL,
};

export interface SearchEngine {
  readonly passages: readonly Passage[];
  readonly mode: 'hybrid' | 'lexical';
  readonly embedder?: Embedder;
  readonly lexical: LexicalIndex;
  search(question: string, options?: SearchOptions): Promise<SearchResult>;
}

const DENSE_CANDIDATES = 50;
const LEXICAL_CANDIDATES = 100;
const DIVERSE_TOP = 5;

/** The top k with at most perNote passages of one note among the first five. */
export function diversify<T extends { passage: { noteId: string } }>(ranked: T[], k: number, perNote: number): T[] {
  const chosen: T[] = [];
  const deferred: T[] = [];
  const count = new Map<string, number>();
  for (const hit of ranked) {
    if (chosen.length >= Math.min(k, DIVERSE_TOP)) break;
    const n = count.get(hit.passage.noteId) ?? 0;
    if (n >= perNote) deferred.push(hit);
    else {
      chosen.push(hit);
      count.set(hit.passage.noteId, n + 1);
    }
  }
  if (chosen.length >= k) return chosen.slice(0, k);
  const rest = ranked.filter((h) => !chosen.includes(h));
  return [...chosen, ...rest].slice(0, k);
}

/**
 * Hybrid search over passages: BM25 (normalised by the query's best) and cosine similarity
 * (min-max over the corpus) fused by a convex combination, exact phrases first, and an
 * abstention decision from scores that mean the same across queries.
 */
export function createSearchEngine(input: { passages: Passage[]; vectors?: Float32Array[]; embedder?: Embedder; tuning?: Tuning }): SearchEngine {
  const { passages } = input;
  const tuning = input.tuning ?? DEFAULT_TUNING;
  const lexical = createLexicalIndex(passages, tuning.lexical);
  const dense = input.embedder && input.vectors?.length === passages.length ? createDenseIndex(input.vectors) : undefined;
  const embedder = dense ? input.embedder : undefined;
  const normalised = passages.map((p) => normaliseForMatch(p.text));
  const mode = dense ? 'hybrid' : 'lexical';
  const bestCosine = (v: Float32Array) => {
    const scores = dense!.scores(v);
    return scores[topIndexes(scores, 1)[0]!]!;
  };
  let nulls: Promise<NullModel> | undefined;
  const calibrate = (): Promise<NullModel> => (nulls ??= embedder!.embed(OFF_TOPIC_PROBES).then((vectors) => nullModel(vectors.map(bestCosine))));

  /** Share of the question's term weight found in passage i; weights are the terms' IDF. */
  const coverageOf = (terms: string[], weights: number[], total: number, i: number): number => {
    if (total === 0) return 0;
    const own = lexical.termsOf(i);
    let found = 0;
    terms.forEach((t, j) => {
      if (own.has(t)) found += weights[j]!;
    });
    return found / total;
  };

  return {
    passages,
    mode,
    embedder,
    lexical,
    async search(question, options = {}) {
      const k = options.k ?? 5;
      const perNote = options.perNote ?? 2;
      const terms = [...new Set(contentTerms(question))];
      const weights = terms.map((t) => lexical.idf(t));
      const totalWeight = weights.reduce((a, b) => a + b, 0);
      const phrases = quotedPhrases(question);
      const whole = normaliseForMatch(question);
      // A pasted fragment of a sentence is as good as a quoted one, once it is long enough.
      const fragment = whole.trim().split(' ').length >= 5 ? whole : undefined;

      // The best lexical and dense candidates; the fusion needs no more than these.
      const lex = lexical.search(question);
      const maxLex = Math.max(0, ...lex.values());
      const candidates = new Set(topEntries(lex, LEXICAL_CANDIDATES));

      let vector: Float32Array | undefined;
      let cosines: Float32Array | undefined;
      let low = 0;
      let high = 1;
      if (dense && embedder && terms.length + phrases.length > 0) {
        [vector] = await embedder.embed([question]);
        cosines = dense.scores(vector!);
        const best = topIndexes(cosines, DENSE_CANDIDATES);
        best.forEach((i) => candidates.add(i));
        // The corpus mean as the floor: passages below it get no dense credit at all.
        low = mean(cosines);
        high = cosines[best[0]!]!;
      }
      // A quoted phrase is looked for everywhere: the asker wants those exact words.
      if (phrases.length > 0) {
        for (let i = 0; i < passages.length; i++) if (phrases.some((n) => normalised[i]!.includes(n))) candidates.add(i);
      }
      if (options.noteId !== undefined) {
        // Within one note every passage is a candidate, however weak.
        candidates.clear();
        passages.forEach((p, i) => p.noteId === options.noteId && candidates.add(i));
      }
      const exactNeedles = fragment ? [...phrases, fragment] : phrases;
      const coverage = new Map([...candidates].map((i) => [i, coverageOf(terms, weights, totalWeight, i)]));
      const bestCoverage = Math.max(0, ...coverage.values());
      const alpha = tuning.alphaParaphrase + (tuning.alphaKeyword - tuning.alphaParaphrase) * bestCoverage;
      const hits: Hit[] = [...candidates].map((i) => {
        const lexScore = maxLex > 0 ? (lex.get(i) ?? 0) / maxLex : 0;
        const cos = cosines?.[i];
        const denseScore = cos === undefined || high <= low ? 0 : Math.max(0, (cos - low) / (high - low));
        const exact = exactNeedles.some((n) => normalised[i]!.includes(n));
        const fused = cosines ? alpha * denseScore + (1 - alpha) * lexScore : lexScore;
        return { passage: passages[i]!, score: fused + (exact ? 1 : 0), dense: cos, lexical: lexScore, coverage: coverage.get(i)!, exact };
      });
      hits.sort((a, b) => b.score - a.score);

      const top = hits.slice(0, DIVERSE_TOP);
      const evidence = {
        exact: top.some((h) => h.exact),
        coverage: Math.max(0, ...top.map((h) => h.coverage)),
        cosine: cosines ? Math.max(...top.map((h) => h.dense ?? -1)) : undefined,
      };
      const nulls = cosines ? await calibrate() : undefined;
      const answered = isAnswered(evidence, nulls, tuning.abstain);
      const weak = answered && !isStrong(evidence, nulls, tuning.abstain);
      return { answered, weak, mode, hits: diversify(hits, k, perNote), query: { terms, vector, phrases } };
    },
  };
}
