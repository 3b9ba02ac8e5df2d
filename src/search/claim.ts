import type { Passage } from '../notes/passages.js';
import type { SearchEngine } from './engine.js';
import { neededTerms, normaliseForMatch, quotedPhrases } from './phrase.js';
import { CONTENT_STOP_WORDS, contentTerms, tokens } from './tokenize.js';

export interface ClaimHit {
  passage: Passage;
  score: number;
  /** The claim's specifics this passage holds (their terms). */
  matched: string[];
  /** The passage holds the claim, or a phrase it quotes, word for word. */
  exact: boolean;
  /** Share of the claim's other words (IDF-weighted) the passage holds: does it speak of the same thing? */
  context: number;
}

/** A term that makes a claim checkable, as the claim writes it and as the index knows it. */
export interface ClaimSpecific {
  raw: string;
  term: string;
}

/**
 * What the notes say of a claim: stated (a passage holds it word for word, or holds all its
 * specifics in the same context), its numbers and names appear but in another context, or not
 * in the notes. Which of its specifics and quoted phrases were found, which not.
 */
export interface ClaimVerdict {
  kind: 'stated' | 'other-context' | 'not-found';
  found: string[];
  missing: string[];
}

export interface ClaimResult {
  verdict: ClaimVerdict;
  specifics: ClaimSpecific[];
  phrases: string[];
  /** What to quote for the verdict: the passages that state it, where its specifics appear, or the closest. */
  hits: ClaimHit[];
}

/** Context a passage must share with the claim, beside its specifics, to state it. */
const SAME_CONTEXT = 0.34;

/**
 * The terms that make a claim checkable: numbers, money, percentages, identifiers and names
 * ("$60", "0.1%", "ICP-2", "ARIN"). A claim without any is checked by all of its words.
 */
export function claimSpecifics(claim: string): ClaimSpecific[] {
  const text = claim.normalize('NFKC');
  const all = tokens(text, CONTENT_STOP_WORDS).filter((t) => t.terms.length > 0);
  // A capital at the start of a sentence says nothing; elsewhere it marks a name ("ARIN", "Lu").
  const startsSentence = (t: { index: number }) => /^[\s"“'(]*$|[.!?:][\s"“'(]*$/.test(text.slice(0, t.index));
  const isName = (t: { raw: string; index: number }) => /^\p{Lu}/u.test(t.raw) && (!startsSentence(t) || /\p{Lu}.*\p{Lu}/u.test(t.raw));
  const specific = all.filter((t) => /[\d$%/-]/.test(t.raw) || isName(t));
  const chosen = new Map<string, string>();
  for (const t of specific.length > 0 ? specific : all) if (!chosen.has(t.terms[0]!)) chosen.set(t.terms[0]!, t.raw.replace(/[.,]+$/, ''));
  return [...chosen].map(([term, raw]) => ({ term, raw }));
}

/**
 * Looks up a claim: the passages that hold its specific terms, word-for-word matches first,
 * then by how many of the terms they hold, then by keyword score; and the verdict.
 */
export function findClaim(engine: SearchEngine, claim: string, k = 5): ClaimResult {
  const specifics = claimSpecifics(claim);
  const specificTerms = new Set(specifics.map((s) => s.term));
  const phrases = quotedPhrases(claim);
  const whole = normaliseForMatch(claim.replace(/["“”«»]/g, ' '));
  const needles = [
    ...phrases.map((text) => ({ text, terms: neededTerms(text, true) })),
    ...(whole.trim().split(' ').length >= 3 ? [{ text: whole, terms: neededTerms(whole, false) }] : []),
  ];
  const lexical = engine.lexical.search(claim);
  const maxLex = Math.max(lexical.best, 1e-9);
  const others = [...new Set(contentTerms(claim))].filter((t) => !specificTerms.has(t));
  const weights = others.map((t) => engine.lexical.idf(t));
  const totalWeight = weights.reduce((a, b) => a + b, 0);

  const hits: ClaimHit[] = [];
  engine.passages.forEach((passage, i) => {
    const own = engine.lexical.termsOf(i);
    const matched = specifics.filter((s) => own.has(s.term)).map((s) => s.term);
    // The text is normalised only for a passage that holds a needle's words: not every passage.
    let text: string | undefined;
    const exact = needles.some((n) => n.terms.every((t) => own.has(t)) && (text ??= normaliseForMatch(passage.text)).includes(n.text));
    if (!exact && matched.length === 0) return;
    const context = totalWeight === 0 ? 1 : others.reduce((n, t, j) => n + (own.has(t) ? weights[j]! : 0), 0) / totalWeight;
    const score = (exact ? 100 : 0) + (10 * matched.length) / Math.max(1, specifics.length) + context + lexical.scores[i]! / maxLex;
    hits.push({ passage, score, matched, exact, context });
  });
  hits.sort((a, b) => b.score - a.score);

  const holdsAll = (h: ClaimHit) => specifics.length > 0 && h.matched.length === specifics.length;
  const stating = hits.filter((h) => h.exact || (holdsAll(h) && h.context >= SAME_CONTEXT));
  const elsewhere = hits.filter(holdsAll);
  const kind: ClaimVerdict['kind'] = stating.length > 0 ? 'stated' : elsewhere.length > 0 ? 'other-context' : 'not-found';
  const shown = kind === 'stated' ? stating : kind === 'other-context' ? elsewhere : hits;

  // What was found: in the passages that state it, else anywhere among the hits.
  const seen = new Set((kind === 'stated' ? stating : hits).flatMap((h) => h.matched));
  const phraseFound = (p: string) => (kind === 'stated' ? stating : hits).some((h) => normaliseForMatch(h.passage.text).includes(p));
  const quoted = phrases.map((p) => ({ label: `“${p.trim()}”`, found: phraseFound(p) }));
  const checks = [...quoted, ...specifics.map((s) => ({ label: s.raw, found: seen.has(s.term) }))];
  const verdict: ClaimVerdict = { kind, found: checks.filter((c) => c.found).map((c) => c.label), missing: checks.filter((c) => !c.found).map((c) => c.label) };
  return { verdict, specifics, phrases, hits: shown.slice(0, k) };
}
