import type { Span } from '../notes/sentences.js';
import { normaliseForMatch } from '../search/phrase.js';
import { contentTerms } from '../search/tokenize.js';

/** How a sentence is judged: share of the question's term weight it holds, and its cosine. */
export interface SentenceJudge {
  terms: string[];
  idf(term: string): number;
  phrases: string[];
}

export interface Quote {
  text: string;
  /** Offsets of the quote in the passage's text. */
  start: number;
  end: number;
}

/** A sentence this short rarely stands alone; its neighbour comes along. */
const SHORT_SENTENCE_WORDS = 12;
/** A neighbour scoring this close to the best sentence is quoted with it. */
const NEIGHBOUR_RATIO = 0.8;

export function lexicalSentenceScore(sentence: string, judge: SentenceJudge): number {
  // Most questions quote nothing: then the sentence is not normalised (a third of this function).
  if (judge.phrases.length > 0) {
    const normalised = normaliseForMatch(sentence);
    if (judge.phrases.some((p) => normalised.includes(p))) return 2;
  }
  const own = new Set(contentTerms(sentence));
  let total = 0;
  let found = 0;
  for (const t of judge.terms) {
    const w = judge.idf(t);
    total += w;
    if (own.has(t)) found += w;
  }
  return total === 0 ? 0 : found / total;
}

/**
 * The sentence or two of a passage that best answer the question, verbatim. `scores[i]` is
 * the score of sentences[i]. Two sentences are quoted only when they are in one paragraph,
 * so that the quote is one block on the page and its text fragment can match.
 */
export function pickQuote(text: string, sentences: Span[], scores: number[]): Quote {
  if (sentences.length === 0) return { text, start: 0, end: text.length };
  let best = 0;
  scores.forEach((s, i) => {
    if (s > scores[best]!) best = i;
  });
  const sameParagraph = (a: Span, b: Span) => !text.slice(Math.min(a.end, b.end), Math.max(a.start, b.start)).includes('\n');
  const words = (s: Span) => text.slice(s.start, s.end).split(/\s+/).length;
  let span: Span = sentences[best]!;
  const neighbours = [best + 1, best - 1]
    .filter((i) => i >= 0 && i < sentences.length && sameParagraph(sentences[i]!, span))
    .sort((a, b) => scores[b]! - scores[a]!);
  const partner = neighbours[0];
  if (partner !== undefined && (words(span) < SHORT_SENTENCE_WORDS || scores[partner]! >= NEIGHBOUR_RATIO * scores[best]!)) {
    const other = sentences[partner]!;
    span = { start: Math.min(span.start, other.start), end: Math.max(span.end, other.end) };
  }
  return { text: text.slice(span.start, span.end), start: span.start, end: span.end };
}
