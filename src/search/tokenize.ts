import { stemmer } from 'stemmer';
import { eng } from 'stopword';

/**
 * Words that carry no meaning of their own: a passage is not "about" them. They are left out
 * when judging how much of a question a passage covers, and when choosing the quoted sentence.
 * Question words are added: the general list lacks them.
 */
export const CONTENT_STOP_WORDS: ReadonlySet<string> = new Set([
  ...eng,
  ...[
    'why',
    'does',
    'doesn',
    'don',
    'isn',
    'aren',
    'didn',
    'won',
    'not',
    'no',
    'will',
    'shall',
    'whether',
    'tell',
    'explain',
    'whom',
    'whose',
    's',
    't',
    'e.g',
    'i.e',
    'etc',
  ],
]);

/**
 * The few words so common that they only add noise to a keyword search ("what is the"). The
 * rest of the short words stay searchable: BM25 weighs them down by itself, and "meant for" or
 * "wait before" find their passage better with them (measured: npm run eval).
 */
export const SEARCH_STOP_WORDS: ReadonlySet<string> = new Set('a an the is are was were what why how who whom whose which when where do does did'.split(' '));

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
function termsOf(token: string, stop: ReadonlySet<string>): string[] {
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
    if (stop.has(word)) return [];
    return [/\d/.test(word) ? word : stemmer(normaliseWord(word))];
  }
  if (stop.has(word)) return [];
  // Single letters ("e" of "e-mail") match everything and mean nothing.
  const pieces = parts.filter((p) => !stop.has(p) && !/^\p{L}$/u.test(p)).map((p) => (/\d/.test(p) ? p : stemmer(normaliseWord(p))));
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
export function tokens(text: string, stop: ReadonlySet<string> = SEARCH_STOP_WORDS): Token[] {
  return Array.from(text.normalize('NFKC').matchAll(TOKEN), (m) => ({ raw: m[0], index: m.index, terms: termsOf(m[0], stop) }));
}

/** The search terms of a text, in order, stop words dropped: the same for passages and questions. */
export function tokenize(text: string, stop: ReadonlySet<string> = SEARCH_STOP_WORDS): string[] {
  return tokens(text, stop).flatMap((t) => t.terms);
}

/** The terms that carry meaning: what coverage and quotes are judged by. */
export function contentTerms(text: string): string[] {
  return tokenize(text, CONTENT_STOP_WORDS);
}
