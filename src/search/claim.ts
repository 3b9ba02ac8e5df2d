import type { Passage } from '../notes/passages.js';
import type { SearchEngine } from './engine.js';
import { normaliseForMatch, quotedPhrases } from './phrase.js';
import { CONTENT_STOP_WORDS, tokens } from './tokenize.js';

export interface ClaimHit {
  passage: Passage;
  score: number;
  /** The claim's specific terms this passage holds. */
  matched: string[];
  /** The passage holds the claim, or a phrase it quotes, word for word. */
  exact: boolean;
}

export interface ClaimResult {
  /** True when a passage holds the claim word for word or holds all of its specifics. */
  found: boolean;
  /** The terms a claim is checked by: its numbers, names and identifiers. */
  specifics: string[];
  phrases: string[];
  hits: ClaimHit[];
}

/**
 * The terms that make a claim checkable: numbers, money, percentages, identifiers and names
 * ("$60", "0.1%", "ICP-2", "ARIN"). A claim without any is checked by all of its words.
 */
export function claimSpecifics(claim: string): string[] {
  const text = claim.normalize('NFKC');
  const all = tokens(text, CONTENT_STOP_WORDS).filter((t) => t.terms.length > 0);
  // A capital at the start of a sentence says nothing; elsewhere it marks a name ("ARIN", "Lu").
  const startsSentence = (t: { index: number }) => /^[\s"“'(]*$|[.!?:][\s"“'(]*$/.test(text.slice(0, t.index));
  const isName = (t: { raw: string; index: number }) => /^\p{Lu}/u.test(t.raw) && (!startsSentence(t) || /\p{Lu}.*\p{Lu}/u.test(t.raw));
  const specific = all.filter((t) => /[\d$%/-]/.test(t.raw) || isName(t));
  const chosen = (specific.length > 0 ? specific : all).map((t) => t.terms[0]!);
  return [...new Set(chosen)];
}

/**
 * Looks up a claim: the passages that hold its specific terms, word-for-word matches first,
 * then by how many of the terms they hold, then by keyword score.
 */
export function findClaim(engine: SearchEngine, claim: string, k = 5): ClaimResult {
  const specifics = claimSpecifics(claim);
  const phrases = quotedPhrases(claim);
  const whole = normaliseForMatch(claim.replace(/["“”«»]/g, ' '));
  const needles = [...phrases, ...(whole.trim().split(' ').length >= 3 ? [whole] : [])];
  const lexical = engine.lexical.search(claim);
  const maxLex = Math.max(1e-9, ...lexical.values());

  const hits: ClaimHit[] = [];
  engine.passages.forEach((passage, i) => {
    const own = engine.lexical.termsOf(i);
    const matched = specifics.filter((t) => own.has(t));
    const text = normaliseForMatch(passage.text);
    const exact = needles.some((n) => text.includes(n));
    if (!exact && matched.length === 0) return;
    const score = (exact ? 100 : 0) + (10 * matched.length) / Math.max(1, specifics.length) + (lexical.get(i) ?? 0) / maxLex;
    hits.push({ passage, score, matched, exact });
  });
  hits.sort((a, b) => b.score - a.score);
  const found = hits.some((h) => h.exact || (specifics.length > 0 && h.matched.length === specifics.length));
  return { found, specifics, phrases, hits: hits.slice(0, k) };
}
