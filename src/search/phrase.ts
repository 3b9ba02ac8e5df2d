import { CONTENT_STOP_WORDS, termsOf } from './tokenize.js';

/** Text reduced to lower-case words and numbers, so that punctuation and quotes never block a match. */
export function normaliseForMatch(text: string): string {
  return ` ${text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[’‘]/g, "'")
    .replace(/[^\p{L}\p{N}$%'/.]+/gu, ' ')
    .replace(/(\D)\.|\.(\D|$)/g, '$1 $2')
    .replace(/\s+/g, ' ')
    .trim()} `;
}

/** The phrases the question puts in quotes ("…", “…”, «…»), normalised. */
export function quotedPhrases(question: string): string[] {
  const phrases: string[] = [];
  for (const m of question.matchAll(/"([^"]+)"|“([^”]+)”|«([^»]+)»/g)) {
    const phrase = normaliseForMatch(m[1] ?? m[2] ?? m[3] ?? '');
    if (phrase.trim()) phrases.push(phrase);
  }
  return phrases;
}

const WORD = /^\p{Script=Latin}{3,}$/u;

/**
 * Terms a passage must hold for its text to hold a normalised needle: a cheap test before the
 * costly one, so that no passage text is normalised unless it may match. Only whole Latin words
 * of three letters or more count (a Chinese run is cut into words by its context); a pasted
 * fragment's first and last words may be cut short, so only a quoted phrase's count.
 */
export function neededTerms(needle: string, wholeWords: boolean): string[] {
  const words = needle.trim().split(' ');
  const sure = wholeWords ? words : words.slice(1, -1);
  return [...new Set(sure.filter((w) => WORD.test(w)).flatMap((w) => termsOf(w, CONTENT_STOP_WORDS)))];
}
