import type { Embedder } from '../embed/embedder.js';
import type { Passage } from '../notes/passages.js';
import { DEFAULT_ABSTAIN, isAnswered, isStrong, nullModel, OFF_TOPIC_PROBES, type AbstainTuning, type NullModel } from './abstain.js';
import { coverageJudge } from './coverage.js';
import { createDenseIndex } from './dense.js';
import { diversify, DIVERSE_TOP } from './diversity.js';
import { suppressedPassages } from './duplicates.js';
import { denseWeight, fuse, type FusionTuning } from './fusion.js';
import { createLexicalIndex, DEFAULT_LEXICAL, type LexicalIndex, type LexicalOptions } from './lexical.js';
import { normaliseForMatch, quotedPhrases } from './phrase.js';
import { DEFAULT_PLAN, planQuery, type PlanTuning } from './plan.js';
import { mean, topEntries, topIndexes } from './top.js';

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
  /** What later stages (quoting, the answer) reuse rather than recompute. */
  query: { terms: string[]; vector?: Float32Array; phrases: string[]; focusSentence?: string };
}

export interface SearchOptions {
  k?: number;
  /** How many passages one note may place in the top five; Infinity lifts the limit. */
  perNote?: number;
  /** Search within this note only. */
  noteId?: string;
}

export interface Tuning extends FusionTuning {
  abstain: AbstainTuning;
  lexical: LexicalOptions;
  plan: PlanTuning;
}

export const DEFAULT_TUNING: Tuning = {
  alphaKeyword: 0.3,
  alphaParaphrase: 0.5,
  abstain: DEFAULT_ABSTAIN,
  lexical: DEFAULT_LEXICAL,
  plan: DEFAULT_PLAN,
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

/**
 * Hybrid search over passages, in named stages: plan the query (its terms, misspellings, the
 * sentence a long message asks), gather candidates (keyword, dense, quoted phrases; never
 * boilerplate or a second copy), score them (BM25, cosine, coverage), fuse, decide whether the
 * notes answer at all, and diversify.
 */
export function createSearchEngine(input: { passages: Passage[]; vectors?: Float32Array[]; embedder?: Embedder; tuning?: Tuning }): SearchEngine {
  const { passages } = input;
  const tuning = input.tuning ?? DEFAULT_TUNING;
  const lexical = createLexicalIndex(passages, tuning.lexical);
  const dense = input.embedder && input.vectors?.length === passages.length ? createDenseIndex(input.vectors) : undefined;
  const embedder = dense ? input.embedder : undefined;
  const normalised = passages.map((p) => normaliseForMatch(p.text));
  // Boilerplate and second copies are never candidates: an author box is not an answer.
  const hidden = suppressedPassages(passages);
  const mode = dense ? 'hybrid' : 'lexical';
  const bestCosine = (v: Float32Array) => {
    const scores = dense!.scores(v);
    return scores[topIndexes(scores, 1)[0]!]!;
  };
  let nulls: Promise<NullModel> | undefined;
  const calibrate = (): Promise<NullModel> => (nulls ??= embedder!.embed(OFF_TOPIC_PROBES, 'query').then((vectors) => nullModel(vectors.map(bestCosine))));

  return {
    passages,
    mode,
    embedder,
    lexical,
    async search(question, options = {}) {
      const k = options.k ?? 5;
      const perNote = options.perNote ?? 2;

      // 1. Plan: the question's terms in the notes' words; the sentence a long message asks.
      const plan = planQuery(question, lexical, tuning.plan);
      const phrases = quotedPhrases(question);
      const whole = normaliseForMatch(question);
      // A pasted fragment of a sentence is as good as a quoted one, once it is long enough.
      const fragment = whole.trim().split(' ').length >= 5 ? whole : undefined;

      // 2. Candidates: the best keyword and dense matches, and every passage with a quoted phrase.
      const lex = lexical.search(plan.terms);
      const maxLex = Math.max(0, ...lex.values());
      const candidates = new Set(topEntries(lex, LEXICAL_CANDIDATES));
      let vector: Float32Array | undefined;
      let cosines: Float32Array | undefined;
      let low = 0;
      let high = 1;
      if (dense && embedder && plan.terms.size + phrases.length > 0) {
        [vector] = await embedder.embed([plan.focus], 'query');
        cosines = dense.scores(vector!);
        const best = topIndexes(cosines, DENSE_CANDIDATES);
        best.forEach((i) => candidates.add(i));
        // The corpus mean as the floor: passages below it get no dense credit at all.
        low = mean(cosines);
        high = cosines[best[0]!]!;
      }
      if (phrases.length > 0) {
        for (let i = 0; i < passages.length; i++) if (phrases.some((n) => normalised[i]!.includes(n))) candidates.add(i);
      }
      if (options.noteId !== undefined) {
        // Within one note every passage is a candidate, however weak.
        candidates.clear();
        passages.forEach((p, i) => p.noteId === options.noteId && candidates.add(i));
      }
      for (const i of hidden) if (options.noteId === undefined) candidates.delete(i);

      // 3. Scores: keyword, dense, exact, and how much of the question each passage holds.
      const coverageOf = coverageJudge(plan.groups, lexical.idf);
      const exactNeedles = fragment ? [...phrases, fragment] : phrases;
      const scored = [...candidates].map((i) => {
        const cos = cosines?.[i];
        return {
          passage: passages[i]!,
          lexical: maxLex > 0 ? (lex.get(i) ?? 0) / maxLex : 0,
          dense: cos,
          denseScore: cos === undefined ? undefined : high <= low ? 0 : Math.max(0, (cos - low) / (high - low)),
          coverage: coverageOf(lexical.termsOf(i)),
          exact: exactNeedles.some((n) => normalised[i]!.includes(n)),
        };
      });

      // 4. Fusion, weighted by how much of the question the best passage holds.
      const alpha = denseWeight(Math.max(0, ...scored.map((s) => s.coverage)), tuning);
      const hits: Hit[] = scored.map(({ denseScore, ...s }) => ({ ...s, score: fuse({ lexical: s.lexical, dense: denseScore, exact: s.exact }, alpha) }));
      hits.sort((a, b) => b.score - a.score);

      // 5. Abstention: do the notes answer it at all, and how surely?
      const top = hits.slice(0, DIVERSE_TOP);
      const evidence = {
        exact: top.some((h) => h.exact),
        coverage: Math.max(0, ...top.map((h) => h.coverage)),
        cosine: cosines ? Math.max(...top.map((h) => h.dense ?? -1)) : undefined,
      };
      const calibration = cosines ? await calibrate() : undefined;
      const answered = isAnswered(evidence, calibration, tuning.abstain);
      const weak = answered && !isStrong(evidence, calibration, tuning.abstain);

      // 6. Diversity: no one note fills the answer.
      const terms = [...new Set(plan.groups.flatMap((g) => [...g.alternatives.keys()]))];
      return {
        answered,
        weak,
        mode,
        hits: diversify(hits, k, perNote),
        query: { terms, vector, phrases, ...(plan.focusSentence ? { focusSentence: plan.focusSentence } : {}) },
      };
    },
  };
}
