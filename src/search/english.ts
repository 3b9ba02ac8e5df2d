import { readFileSync } from 'node:fs';
import { LRUCache } from 'lru-cache';
import wordListPath from 'word-list';
import { compareBytes, indexOf, inWordNet, loadWordNet, wordNetUsage, type SortedWords } from './wordnet.js';

/**
 * Whether a question's word is English, and which English word a slip of the keys most likely
 * meant. WordNet knows dictionary forms and the regular inflections ("registries"), not the
 * irregular ones ("went", "bought"): the word-list package's 274,000 words, inflections included,
 * fill that in. They are held sorted in one buffer, about 4 MB, searched like WordNet's words.
 */

/** The list's words in byte order, and the few the file has out of order. */
let listed: { sorted: SortedWords; misplaced: Set<string> } | undefined;

/**
 * One pass over the file's bytes, in place, keeping each word that sorts after the last one kept:
 * the file is sorted by hand, not by byte (three words are out of place), and sorting 274,000
 * strings would take tens of megabytes for a moment.
 */
function loadWordList(): NonNullable<typeof listed> {
  if (listed) return listed;
  const bytes = readFileSync(wordListPath);
  let lines = 1;
  for (let i = bytes.indexOf(10); i >= 0; i = bytes.indexOf(10, i + 1)) lines++;
  const starts = new Uint32Array(lines + 1);
  const misplaced = new Set<string>();
  let kept = 0;
  let length = 0;
  for (let from = 0; from < bytes.length;) {
    const newline = bytes.indexOf(10, from);
    const to = newline < 0 ? bytes.length : newline;
    if (to > from) {
      // The words kept so far lie before `from`: writing over them never reaches this one.
      if (kept > 0 && compareBytes(bytes, from, to, bytes, starts[kept - 1]!, length) <= 0) misplaced.add(bytes.toString('latin1', from, to));
      else {
        bytes.copyWithin(length, from, to);
        length += to - from;
        starts[++kept] = length;
      }
    }
    from = to + 1;
  }
  return (listed = { sorted: { words: bytes.subarray(0, length), starts: starts.subarray(0, kept + 1) }, misplaced });
}

/**
 * Reads WordNet's words and the word list (about 100 ms), once: the first question with a word
 * the notes do not use would otherwise wait for them. The bot's warm-up calls this.
 */
export function loadEnglish(): void {
  loadWordNet();
  loadWordList();
}

function isListed(lower: string): boolean {
  const { sorted, misplaced } = loadWordList();
  return indexOf(sorted, lower) !== undefined || misplaced.has(lower);
}

/** Whether the word is English: WordNet knows it, or the word list has it as written. */
export function isEnglishWord(word: string): boolean {
  const lower = word.toLowerCase();
  return isListed(lower) || inWordNet(lower);
}

const LETTERS = 'abcdefghijklmnopqrstuvwxyz';

/** Every string one edit away: a letter inserted, left out or replaced, or two neighbours swapped. */
function oneEditAway(word: string): Set<string> {
  const edits = new Set<string>();
  for (let i = 0; i <= word.length; i++) {
    const [head, tail] = [word.slice(0, i), word.slice(i)];
    for (const c of LETTERS) edits.add(head + c + tail);
    if (tail.length === 0) continue;
    edits.add(head + tail.slice(1));
    for (const c of LETTERS) edits.add(head + c + tail.slice(1));
    if (tail.length > 1) edits.add(head + tail[1]! + tail[0]! + tail.slice(2));
  }
  edits.delete(word);
  return edits;
}

function lookUpNeighbours(lower: string): string[] {
  // Words the list holds as written: WordNet's inflection rules would also allow "owneres".
  const found = [...oneEditAway(lower)].filter(isListed).map((word) => ({ word, used: wordNetUsage(word) }));
  return found.sort((a, b) => b.used - a.used || (a.word < b.word ? -1 : 1)).map((f) => f.word);
}

/** Misspellings come back as often as words do. */
const neighbours = new LRUCache<string, string[]>({ max: 10_000, memoMethod: lookUpNeighbours });

/**
 * The English words one edit away from a word, the commonest in WordNet's tagged texts first:
 * what a misspelling most likely meant. About 500 look-ups the first time.
 */
export function englishNeighbours(word: string): readonly string[] {
  return neighbours.memo(word.toLowerCase());
}
