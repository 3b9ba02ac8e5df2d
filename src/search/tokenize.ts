import { stemmer } from 'stemmer';
import { eng } from 'stopword';

// Question words are noise in a search; the general list lacks them.
const STOP_WORDS = new Set([
  ...eng,
  ...['why', 'does', 'doesn', 'don', 'isn', 'aren', 'didn', 'won', 'not', 'no', 'will', 'shall', 'whether', 'tell', 'explain', 'whom', 'whose', 's', 't', 'e.g', 'i.e', 'etc'],
]);

/**
 * One token: a number with its currency or percent sign ("$60", "0.1%", "1,000"), a prefix
 * length ("/24"), or a word that may carry digits and inner hyphens or dots ("ICP-2", "IPv4",
 * "e.g").
 */
const TOKEN = /[$€£¥]?\d[\d,]*(?:\.\d+)*%?|\/\d{1,3}\b|[\p{L}\p{N}]+(?:['’.\-_][\p{L}\p{N}]+)*/gu;

function normaliseWord(word: string): string {
  // British and American spellings of -ise/-isation stem alike.
  return word.length > 6 ? word.replace(/is(ation|ations|e|ed|es|ing)$/, 'iz$1') : word;
}

/** The terms one token stands for: itself, and its parts, so "ICP-2" is also found by "ICP 2". */
function termsOf(token: string): string[] {
  const lower = token.toLowerCase().replace(/’/g, "'");
  if (/^[$€£¥]?\d/.test(lower)) {
    const bare = lower.replace(/,(?=\d{3}\b)/g, '').replace(/[.,]+$/, '');
    const digits = bare.replace(/^[$€£¥]/, '').replace(/%$/, '');
    return bare === digits ? [bare] : [bare, digits];
  }
  if (lower.startsWith('/')) return [lower, lower.slice(1)];
  const word = lower.replace(/'s$/, '').replace(/'/g, '');
  const parts = word.split(/[-_.]/).filter(Boolean);
  if (parts.length === 1) {
    if (STOP_WORDS.has(word)) return [];
    return [/\d/.test(word) ? word : stemmer(normaliseWord(word))];
  }
  if (STOP_WORDS.has(word)) return [];
  // Single letters ("e" of "e-mail") match everything and mean nothing.
  const pieces = parts.filter((p) => !STOP_WORDS.has(p) && !/^\p{L}$/u.test(p)).map((p) => (/\d/.test(p) ? p : stemmer(normaliseWord(p))));
  return [word, ...pieces];
}

export interface Token {
  /** As written, e.g. "ICP-2" or "Registries". */
  raw: string;
  /** Where it starts in the (NFKC-normalised) text. */
  index: number;
  /** The search terms it stands for (none for a stop word). */
  terms: string[];
}

/** The tokens of a text with the terms each stands for. */
export function tokens(text: string): Token[] {
  return Array.from(text.normalize('NFKC').matchAll(TOKEN), (m) => ({ raw: m[0], index: m.index, terms: termsOf(m[0]) }));
}

/** The search terms of a text, in order, stop words dropped: the same for passages and questions. */
export function tokenize(text: string): string[] {
  return tokens(text).flatMap((t) => t.terms);
}
