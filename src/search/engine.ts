import { LRUCache } from 'lru-cache';
import type { Embedder } from '../embed/embedder.js';
import type { PartSizes } from '../index/parts.js';
import type { Passage } from '../notes/passages.js';
import { DEFAULT_ABSTAIN, isAnswered, isStrong, nullModel, OFF_TOPIC_PROBES, type AbstainTuning, type NullModel } from './abstain.js';
import { coverageJudge } from './coverage.js';
import { createDenseIndex, type DenseMatch } from './dense.js';
import { diversify, DIVERSE_TOP } from './diversity.js';
import { suppressedPassages } from './duplicates.js';
import { denseWeight, fuse, type FusionTuning } from './fusion.js';
import { buildLexicalData, DEFAULT_LEXICAL, openLexicalIndex, type LexicalData, type LexicalIndex, type LexicalOptions } from './lexical.js';
import { neededTerms, normaliseForMatch, quotedPhrases } from './phrase.js';
import { DEFAULT_PLAN, focusOf, planQuery, type PlanTuning } from './plan.js';
import { topIndexes } from './top.js';

export interface Hit {
  passage: Passage;
  /** The passage's place in the engine's passages. */
  index: number;
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

/**
 * All an engine needs, as plain arrays and strings: built once (buildEngineData, the costly part:
 * tokenizing every passage), stored with the index, and handed between threads as it is.
 */
export interface EngineData {
  passages: Passage[];
  /** Passage i's vector is row i: dims floats from i × dims. Empty without a model. */
  vectors: Float32Array;
  dims: number;
  lexical: LexicalData;
  /** Boilerplate and second copies: never candidates. */
  hidden: Int32Array;
}

/** Passage i's vector is row i of `vectors`: dims floats from i × dims. */
export interface VectorRows {
  vectors: Float32Array;
  dims: number;
}

/**
 * The engine's arrays over the passages and their vectors: one per passage, or already in rows;
 * none for keywords only. The keyword arrays come in segments cut as the index's parts are (sizes).
 */
export function buildEngineData(
  passages: Passage[],
  vectors: readonly Float32Array[] | VectorRows = [],
  lexical: LexicalOptions = DEFAULT_LEXICAL,
  sizes?: PartSizes,
): EngineData {
  const rows = 'dims' in vectors ? vectors : stackRows(passages.length, vectors);
  return { passages, ...rows, lexical: buildLexicalData(passages, lexical, undefined, sizes), hidden: Int32Array.from(suppressedPassages(passages)) };
}

const probes = new WeakMap<Embedder, Promise<Float32Array[]>>();

/**
 * The off-topic probes' vectors, embedded once per model: they do not depend on the notes, and each
 * re-index opens a new engine that calibrates against them on the answering thread. A failure is
 * not remembered.
 */
function probeVectors(embedder: Embedder): Promise<Float32Array[]> {
  let vectors = probes.get(embedder);
  if (!vectors) {
    vectors = embedder.embed(OFF_TOPIC_PROBES, 'query');
    probes.set(embedder, vectors);
    vectors.catch(() => probes.delete(embedder));
  }
  return vectors;
}

/**
 * Question vectors asked for ahead of their search (SearchEngine.expect), per model and by the
 * text embedded: the search takes its own. A model on its own thread embeds the questions queued
 * behind a search meanwhile. Bounded: one asked for and never searched is dropped in time.
 */
const ahead = new WeakMap<Embedder, Map<string, Promise<Float32Array[]>>>();
const AHEAD_KEPT = 256;

function embedQuestion(embedder: Embedder, focus: string, early: boolean): Promise<Float32Array[]> {
  let waiting = ahead.get(embedder);
  if (!waiting) ahead.set(embedder, (waiting = new Map<string, Promise<Float32Array[]>>()));
  const asked = waiting.get(focus);
  if (!early) {
    waiting.delete(focus);
    return asked ?? embedder.embed([focus], 'query');
  }
  if (asked) return asked;
  if (waiting.size >= AHEAD_KEPT) waiting.delete(waiting.keys().next().value!);
  const vectors = embedder.embed([focus], 'query');
  // A failure reaches the search that takes it, not the process.
  vectors.catch(() => undefined);
  waiting.set(focus, vectors);
  return vectors;
}

function stackRows(count: number, vectors: readonly Float32Array[]): VectorRows {
  const dims = vectors.length === count ? (vectors[0]?.length ?? 0) : 0;
  const matrix = new Float32Array(count * dims);
  if (dims > 0) vectors.forEach((v, i) => matrix.set(v, i * dims));
  return { vectors: matrix, dims };
}

/** Each passage's sentence vectors, by its place among the passages: made with the index (sentences.bin), read when quoting. */
export interface SentenceVectors {
  vectors(passage: number): Promise<Float32Array[]>;
}

export interface EngineOptions {
  tuning?: Tuning;
  /** The index's sentence vectors, when it has them: quoting then embeds no sentence. */
  sentences?: SentenceVectors;
}

export interface SearchEngine {
  readonly data: EngineData;
  /** The index's sentence vectors, when it has them and the engine has a model to compare them with. */
  readonly sentences?: SentenceVectors;
  readonly passages: readonly Passage[];
  readonly mode: 'hybrid' | 'lexical';
  readonly embedder?: Embedder;
  readonly lexical: LexicalIndex;
  search(question: string, options?: SearchOptions): Promise<SearchResult>;
  /**
   * Does now what the first question would otherwise wait for: calibrating "not covered" for these
   * passages (scoring the off-topic probes against them, ONNX Runtime's first product; the probes
   * are embedded the first time a model is calibrated).
   */
  prepare(): Promise<void>;
  /** Whether "not covered" is calibrated for these passages (by prepare or a search), or needs no calibration. */
  readonly prepared: boolean;
  /**
   * Says a search for this question will come: its vector is asked for now, so that a model on
   * another thread embeds it while the searches before it run.
   */
  expect(question: string): void;
}

const DENSE_CANDIDATES = 50;
const LEXICAL_CANDIDATES = 100;
/** Passages checked word for word for a quoted phrase, best keyword scores first. */
const PHRASE_CHECKS = 300;
/** Passages checked word for word for a pasted fragment: one holding it verbatim is among the best keyword matches. */
const FRAGMENT_CHECKS = 20;
const NORMALISED_KEPT = 2000;

/** Builds the arrays and opens an engine over them: for tools and tests that hold passages. */
export function createSearchEngine(input: { passages: Passage[]; vectors?: Float32Array[]; embedder?: Embedder; tuning?: Tuning }): SearchEngine {
  const tuning = input.tuning ?? DEFAULT_TUNING;
  return openSearchEngine(buildEngineData(input.passages, input.embedder ? input.vectors : [], tuning.lexical), input.embedder, { tuning });
}

/**
 * Hybrid search over passages, in named stages: plan the query (its terms, misspellings, the
 * sentence a long message asks), gather candidates (keyword, dense, quoted phrases; never
 * boilerplate or a second copy), score them (BM25, cosine, coverage), fuse, decide whether the
 * notes answer at all, and diversify.
 */
export function openSearchEngine(data: EngineData, embedderGiven?: Embedder, { tuning = DEFAULT_TUNING, sentences }: EngineOptions = {}): SearchEngine {
  const { passages } = data;
  const lexical = openLexicalIndex(data.lexical);
  const dense = embedderGiven && data.dims > 0 ? createDenseIndex(data.vectors, data.dims) : undefined;
  const embedder = dense ? embedderGiven : undefined;
  // Boilerplate and second copies are never candidates: an author box is not an answer.
  const hidden = new Set(data.hidden);
  const mode = dense ? 'hybrid' : 'lexical';
  // A passage's text is normalised only when it may hold the needle, never all of them, and the
  // last few are remembered: the same passages come up again and again.
  const normalised = new LRUCache<number, string>({ max: NORMALISED_KEPT, memoMethod: (i) => normaliseForMatch(passages[i]!.text) });
  const normalisedText = (i: number) => normalised.memo(i);
  const holds = (i: number, needle: { text: string; terms: string[] }) =>
    needle.terms.every((t) => lexical.termsOf(i).has(t)) && normalisedText(i).includes(needle.text);
  const bestCosine = async (v: Float32Array) => {
    const { nearest, cosine } = await dense!.match(v, 1);
    return nearest.length > 0 ? cosine(nearest[0]!) : -Infinity;
  };
  let nulls: Promise<NullModel> | undefined;
  let prepared = !embedder;
  const calibrate = (): Promise<NullModel> =>
    (nulls ??= probeVectors(embedder!)
      .then(async (vectors) => {
        const model = nullModel(await Promise.all(vectors.map(bestCosine)));
        prepared = true;
        return model;
      })
      .catch((error: unknown) => {
        // Not remembered: the next search tries again.
        nulls = undefined;
        throw error;
      }));

  return {
    data,
    passages,
    mode,
    embedder,
    ...(embedder && sentences ? { sentences } : {}),
    lexical,
    async prepare() {
      if (embedder) await calibrate();
    },
    get prepared() {
      return prepared;
    },
    expect(question) {
      // A model on this thread would only embed it sooner, before the deferral that is due first.
      if (embedder?.offThread) void embedQuestion(embedder, focusOf(question, lexical, tuning.plan), true);
    },
    async search(question, options = {}) {
      const k = options.k ?? 5;
      const perNote = options.perNote ?? 2;

      // 1. Plan: the question's terms in the notes' words; the sentence a long message asks.
      const plan = planQuery(question, lexical, tuning.plan);
      const phrases = quotedPhrases(question);
      const whole = normaliseForMatch(question);
      const quoted = phrases.map((text) => ({ text, terms: neededTerms(text, true) }));
      // A pasted fragment of a sentence is as good as a quoted one, once it is long enough.
      const needles = whole.trim().split(' ').length >= 5 ? [...quoted, { text: whole, terms: neededTerms(whole, false) }] : quoted;

      // 2. Candidates: the best keyword and dense matches, and every passage with a quoted phrase.
      const lex = lexical.search(plan.terms);
      const keywordBest = topIndexes(lex.scores, LEXICAL_CANDIDATES, lex.matched);
      const candidates = new Set(keywordBest);
      const verbatim = new Set<number>();
      let vector: Float32Array | undefined;
      let cosines: DenseMatch | undefined;
      let low = 0;
      let high = 1;
      if (dense && embedder && plan.terms.size + phrases.length > 0) {
        [vector] = await embedQuestion(embedder, plan.focus, false);
        cosines = await dense.match(vector!, DENSE_CANDIDATES);
        cosines.nearest.forEach((i) => candidates.add(i));
        // The corpus mean as the floor: passages below it get no dense credit at all.
        low = cosines.mean;
        if (cosines.nearest.length > 0) high = cosines.cosine(cosines.nearest[0]!);
      }
      for (const phrase of quoted) {
        const holding = phrase.terms.length > 0 ? lexical.withAll(phrase.terms) : [];
        holding.sort((a, b) => lex.scores[b]! - lex.scores[a]!);
        for (const i of holding.slice(0, PHRASE_CHECKS)) {
          if (!holds(i, phrase)) continue;
          candidates.add(i);
          verbatim.add(i);
        }
      }
      if (options.noteId !== undefined) {
        // Within one note every passage is a candidate, however weak.
        candidates.clear();
        passages.forEach((p, i) => p.noteId === options.noteId && candidates.add(i));
      }
      for (const i of hidden) if (options.noteId === undefined) candidates.delete(i);
      // A passage holding the question word for word is among its best keyword matches.
      const mayBeVerbatim = options.noteId !== undefined ? candidates : new Set(keywordBest.slice(0, FRAGMENT_CHECKS));

      // 3. Scores: keyword, dense, exact, and how much of the question each passage holds.
      const coverageOf = coverageJudge(plan.groups, lexical.idf);
      const scored = [...candidates].map((i) => {
        const cos = cosines?.cosine(i);
        return {
          index: i,
          passage: passages[i]!,
          lexical: lex.best > 0 ? lex.scores[i]! / lex.best : 0,
          dense: cos,
          denseScore: cos === undefined ? undefined : high <= low ? 0 : Math.max(0, (cos - low) / (high - low)),
          coverage: coverageOf(lexical.termsOf(i)),
          exact: verbatim.has(i) || (mayBeVerbatim.has(i) && needles.some((n) => holds(i, n))),
        };
      });

      // 4. Fusion, weighted by how much of the question the best passage holds.
      const alpha = denseWeight(Math.max(0, ...scored.map((s) => s.coverage)), tuning);
      // Field by field: a rest pattern copies each of the ~150 candidates through a runtime call.
      const hits: Hit[] = scored.map((s) => ({
        passage: s.passage,
        index: s.index,
        lexical: s.lexical,
        dense: s.dense,
        coverage: s.coverage,
        exact: s.exact,
        score: fuse({ lexical: s.lexical, dense: s.denseScore, exact: s.exact }, alpha),
      }));
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
