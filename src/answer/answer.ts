import { LRUCache } from 'lru-cache';
import type { Embedder } from '../embed/embedder.js';
import type { Passage } from '../notes/passages.js';
import type { SearchEngine, SearchOptions, SentenceVectors } from '../search/engine.js';
import { sentenceInputs } from '../embed/input.js';
import { quoteLink } from './link.js';
import { sentenceSpans, type Span } from '../notes/sentences.js';
import { lexicalSentenceScore, pickQuote } from './quote.js';

export interface AnswerResult {
  /** The note's address with a text fragment that scrolls to the quote. */
  url: string;
  noteUrl: string;
  title: string;
  /** The section inside the note, "A › B"; empty for the note's lead. */
  heading: string;
  /** The whole passage, verbatim. */
  text: string;
  /** The sentence or two of the passage that answer best, verbatim. */
  quote: string;
  score: number;
  date?: string;
  noteId: string;
  passageId: string;
}

export interface Answer {
  question: string;
  /** False: the notes don't cover this; results are then only the closest passages. */
  answered: boolean;
  mode: 'hybrid' | 'lexical';
  results: AnswerResult[];
}

function dot(a: Float32Array, b: Float32Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

/**
 * What the cached sentence vectors may take, in bytes, rather than a number of passages: 5,000
 * passages' took about 9 MB with the bundled model's 64 dimensions, and would take about 55 MB with
 * the default's 384. This holds about 4,500 passages' at 64 dimensions, 800 at 384.
 */
export const SENTENCE_CACHE_BYTES = 8 * 2 ** 20;
/**
 * Sentence vectors by passage id, per model: a popular passage is embedded once, not per
 * question, and not again after a re-index, whose new engine holds mostly the same passages (an
 * id hashes the passage's text, so the same id has the same sentences).
 */
const sentenceCache = new WeakMap<Embedder, LRUCache<string, Float32Array[]>>();

const newSentenceCache = () =>
  new LRUCache<string, Float32Array[]>({
    maxSize: SENTENCE_CACHE_BYTES,
    // A passage without sentences still takes a place.
    sizeCalculation: (vectors) =>
      Math.max(
        1,
        vectors.reduce((bytes, v) => bytes + v.byteLength, 0),
      ),
  });

/** Reads passage i's sentence vectors from the index; undefined when it cannot (its part deleted by a later build, a damaged file). */
async function storedVectors(sentences: SentenceVectors | undefined, index: number | undefined, spans: Span[]): Promise<Float32Array[] | undefined> {
  if (!sentences || index === undefined) return undefined;
  const vectors = await sentences.vectors(index).catch(() => undefined);
  return vectors?.length === spans.length ? vectors : undefined;
}

/**
 * The vectors of each passage's sentences: read from the index where it has them, else from the
 * cache or embedded in one batch.
 */
async function sentenceVectors(embedder: Embedder, sentences: SentenceVectors | undefined, hits: QuotedHit[], spans: Span[][]): Promise<Float32Array[][]> {
  let cache = sentenceCache.get(embedder);
  if (!cache) sentenceCache.set(embedder, (cache = newSentenceCache()));
  const found = await Promise.all(hits.map((h, i) => storedVectors(sentences, h.index, spans[i]!)));
  const passages = hits.map((h) => h.passage);
  passages.forEach((p, i) => (found[i] ??= cache.get(p.id)));
  const missing = passages.map((_, i) => i).filter((i) => !found[i]);
  // Per-call overhead dominates small model calls: one batch for every sentence missing.
  const texts = missing.flatMap((i) => sentenceInputs(passages[i]!.text, spans[i]));
  const vectors = texts.length > 0 ? await embedder.embed(texts) : [];
  let next = 0;
  for (const i of missing) cache.set(passages[i]!.id, (found[i] = spans[i]!.map(() => vectors[next++]!)));
  return found as Float32Array[][];
}

/** What a quote is chosen by: the question's terms and phrases, and its vector when there is one. */
export interface QuoteQuery {
  terms: string[];
  phrases: string[];
  vector?: Float32Array;
}

/** A passage to quote from, and its place among the engine's passages when known (the index's sentence vectors are found by it). */
export interface QuotedHit {
  passage: Passage;
  score: number;
  index?: number;
}

/** Turns ranked hits into results: in each passage, the sentence or two that answer best. */
export async function quoteHits(engine: SearchEngine, hits: QuotedHit[], query: QuoteQuery): Promise<AnswerResult[]> {
  const judge = { terms: query.terms, phrases: query.phrases, idf: engine.lexical.idf };
  const sentenceSets = hits.map((h) => sentenceSpans(h.passage.text));

  let cosines: number[][] | undefined;
  const { vector } = query;
  if (engine.embedder && vector) {
    const vectors = await sentenceVectors(engine.embedder, engine.sentences, hits, sentenceSets);
    cosines = vectors.map((vs) => vs.map((v) => dot(v, vector)));
  }

  return hits.map((hit, i): AnswerResult => {
    const spans = sentenceSets[i]!;
    const text = hit.passage.text;
    const scores = spans.map((s, j) => lexicalSentenceScore(text.slice(s.start, s.end), judge) + (cosines?.[i]?.[j] ?? 0));
    const quote = pickQuote(text, spans, scores);
    return {
      url: quoteLink(hit.passage.url, quote.text),
      noteUrl: hit.passage.url,
      title: hit.passage.title,
      heading: hit.passage.headings.join(' › '),
      text,
      quote: quote.text,
      score: Math.round(hit.score * 1000) / 1000,
      ...(hit.passage.date ? { date: hit.passage.date } : {}),
      noteId: hit.passage.noteId,
      passageId: hit.passage.id,
    };
  });
}

/** Searches, then quotes from each passage the sentences most relevant to the question. */
export async function answerQuestion(engine: SearchEngine, question: string, options: SearchOptions = {}): Promise<Answer> {
  const found = await engine.search(question, options);
  const results = await quoteHits(engine, found.hits, found.query);
  return { question, answered: found.answered, mode: found.mode, results };
}
