import type { Passage } from '../notes/passages.js';
import { Bm25Index, buildBm25, type Bm25Data, type Bm25Document, type Bm25Scores } from './bm25.js';
import { CONTENT_STOP_WORDS, termsOf, tokens } from './tokenize.js';
import { acronymsIn, mergeAcronyms } from './acronyms.js';
import { Vocabulary } from './vocabulary.js';

/** What only holds for some of a passage's terms: `has`, nothing to iterate. */
export interface TermSet {
  has(term: string): boolean;
}

export interface LexicalIndex {
  /** BM25 scores of the passages that share a term with the query (a text, or terms with their weights), by passage position. */
  search(query: string | Map<string, number>): Bm25Scores;
  /** Inverse document frequency of a content term; a term no passage has gets the highest. */
  idf: (term: string) => number;
  /** Whether any passage holds the term. */
  has(term: string): boolean;
  /** The distinct content terms of passage i, title and headings included (see contentTerms). */
  termsOf(i: number): TermSet;
  /** The passages whose content terms include all of these (none given: none). */
  withAll(terms: readonly string[]): number[];
  /** The notes' words as written, for matching a question's misspellings. */
  readonly vocabulary: Vocabulary;
  /** The acronyms the notes define, by term, with their long forms' terms ("rir" → region, internet, registri). */
  readonly acronyms: ReadonlyMap<string, string[]>;
}

/**
 * The keyword index as plain arrays and strings: what is stored on disk and handed from the
 * indexing thread to the answering one, so that neither parses or tokenizes passages to load it.
 * Content terms share the BM25 dictionary's ids.
 */
export interface LexicalData {
  bm25: Bm25Data;
  /** Passage i's content term ids, ascending: contentIds from contentStarts[i] to contentStarts[i + 1]. */
  contentStarts: Int32Array;
  contentIds: Int32Array;
  /** How many passages hold each term as a content term, by id. */
  contentDf: Int32Array;
  /** The notes' words as written (lower case), and the term id each stands for. */
  words: string[];
  wordTerms: Int32Array;
  acronyms: [string, string[]][];
}

export interface LexicalOptions {
  titleBoost: number;
  headingBoost: number;
}

export const DEFAULT_LEXICAL: LexicalOptions = { titleBoost: 1.5, headingBoost: 1.5 };

/** A few megabytes of strings: small corpora never compact. */
const COMPACT_SLACK = 10_000;

/**
 * Passages' terms kept between builds, as numbers: a re-index builds a new engine over mostly the
 * same passage objects (the notes cache keeps them), and tokenizing is most of a build. Terms and
 * words get ids that stay the same from one build to the next; a Map of strings per passage held
 * about 10 KB each (100 MB at 10,000 passages), and every build looked each posting up by string.
 * The ids of terms no passage holds any more are dropped once they outnumber the live ones.
 */
export class TermCache {
  private readonly byPassage = new WeakMap<Passage, PassageTerms>();
  private dictionary = new Dictionary();

  /** @param slack how many strings may go unused before a compaction, beyond as many as are live */
  constructor(private readonly slack = COMPACT_SLACK) {}

  /** How many strings have ids: about the notes' distinct terms and words, never far past them. */
  get size(): number {
    return this.dictionary.strings.length;
  }

  /** The passage's terms, against the current ids and weighed by these options: computed again after a compaction it missed, or for other options. */
  terms(p: Passage, options: LexicalOptions): PassageTerms {
    let t = this.byPassage.get(p);
    if (t?.dictionary !== this.dictionary || t.titleBoost !== options.titleBoost || t.headingBoost !== options.headingBoost) {
      t = passageTerms(p, this.dictionary, options);
      this.byPassage.set(p, t);
    }
    return t;
  }

  string(id: number): string {
    return this.dictionary.strings[id]!;
  }

  /** Gives the strings these passages use new ids, in order, and forgets the rest, once they are most. */
  compact(all: readonly PassageTerms[], live: number): void {
    const old = this.dictionary;
    if (old.strings.length <= 2 * live + this.slack) return;
    const fresh = new Dictionary();
    const to = new Int32Array(old.strings.length).fill(-1);
    const remap = (ids: Int32Array) => {
      for (let k = 0; k < ids.length; k++) {
        const id = ids[k]!;
        if (to[id] === -1) to[id] = fresh.id(old.strings[id]!);
        ids[k] = to[id]!;
      }
    };
    for (const t of all) {
      // A passage listed twice is remapped once.
      if (t.dictionary !== old) continue;
      remap(t.terms);
      remap(t.content);
      remap(t.words);
      t.dictionary = fresh;
    }
    this.dictionary = fresh;
  }
}

class Dictionary {
  private readonly ids = new Map<string, number>();
  readonly strings: string[] = [];

  id(s: string): number {
    let id = this.ids.get(s);
    if (id === undefined) {
      id = this.strings.length;
      this.ids.set(s, id);
      this.strings.push(s);
    }
    return id;
  }
}

/**
 * What a passage holds for the keyword index, as ids of its dictionary: BM25's document as it is
 * (terms, tfs, length), so that a build hands these over without making another object a passage.
 */
interface PassageTerms extends Bm25Document {
  dictionary: Dictionary;
  /** The field weights its tfs and length are weighed with. */
  titleBoost: number;
  headingBoost: number;
  /** Its distinct search terms, in the order they first appear (text, title, headings). */
  terms: Int32Array;
  /** How often each of them occurs, an occurrence in the title or the headings weighed by its boost. */
  tfs: Float32Array;
  /** Its terms in the text, the title and the headings, weighed the same way. */
  length: number;
  /** Its distinct content terms (title and headings included). */
  content: Int32Array;
  /** Its words as written (four letters or more, lower case), each followed by the term it stands for. */
  words: Int32Array;
  /** The acronyms its text defines (acronyms.ts): a regular expression over every text was a tenth of a build. */
  acronyms: [string, string[]][];
}

/** Most passages define no acronym: they share one empty list. */
const NO_ACRONYMS: [string, string[]][] = [];

const LETTERS = /^\p{L}{4,}$/u;

function passageTerms(p: Passage, dictionary: Dictionary, options: LexicalOptions): PassageTerms {
  // Each field is cut into tokens once; their terms under either stop list are looked up.
  // Plain loops: flatMap and spreads cost more than the tokenizing here.
  const fields = [p.text, p.title, p.headings.join(' ')].map((field) => tokens(field));
  const slots = new Map<number, number>();
  const ids: number[] = [];
  const counts: number[] = [];
  const lengths = new Int32Array(3);
  const content = new Set<number>();
  const words = new Map<string, number>();
  fields.forEach((field, f) => {
    for (const token of field) {
      for (const term of token.terms) {
        const id = dictionary.id(term);
        let slot = slots.get(id);
        if (slot === undefined) {
          slots.set(id, (slot = ids.length));
          ids.push(id);
          counts.push(0, 0, 0);
        }
        counts[slot * 3 + f]!++;
        lengths[f]!++;
      }
      for (const term of termsOf(token.raw, CONTENT_STOP_WORDS)) content.add(dictionary.id(term));
      if (token.terms.length === 0 || token.raw.length < 4) continue;
      const word = token.raw.toLowerCase();
      if (!words.has(word) && LETTERS.test(word)) words.set(word, dictionary.id(token.terms[0]!));
    }
  });
  const weights = [1, options.titleBoost, options.headingBoost] as const;
  const weigh = (field: ArrayLike<number>, at: number) => field[at]! * weights[0] + field[at + 1]! * weights[1] + field[at + 2]! * weights[2];
  const acronyms = acronymsIn(p.text);
  return {
    dictionary,
    titleBoost: options.titleBoost,
    headingBoost: options.headingBoost,
    terms: Int32Array.from(ids),
    tfs: Float32Array.from(ids, (_, k) => weigh(counts, k * 3)),
    length: weigh(lengths, 0),
    content: Int32Array.from(content),
    words: Int32Array.from([...words].flatMap(([word, term]) => [dictionary.id(word), term])),
    acronyms: acronyms.length > 0 ? acronyms : NO_ACRONYMS,
  };
}

/** What buildLexicalData remembers by default: the process's one notes cache feeds it. */
const SHARED_CACHE = new TermCache();

/** Tokenizes the passages into the cache now, for the buildLexicalData over them that will follow. */
export function rememberTerms(passages: readonly Passage[], options: LexicalOptions = DEFAULT_LEXICAL, cache: TermCache = SHARED_CACHE): void {
  for (const p of passages) cache.terms(p, options);
}

/**
 * Builds the arrays from the passages' terms (tokenized once per passage object: see TermCache).
 * A term's id in the arrays is its order of first appearance, passage by passage.
 */
export function buildLexicalData(passages: readonly Passage[], options: LexicalOptions = DEFAULT_LEXICAL, cache: TermCache = SHARED_CACHE): LexicalData {
  const all = passages.map((p) => cache.terms(p, options));
  const { data: bm25, ids: local } = buildBm25(all, (id) => cache.string(id), cache.size);
  // Every content term and word stands for a search term (the content stop list holds the search
  // one), so each has an id in the arrays.
  const contentStarts = new Int32Array(passages.length + 1);
  const contentIds = new Int32Array(all.reduce((sum, t) => sum + t.content.length, 0));
  all.forEach((t, i) => {
    const from = contentStarts[i]!;
    const own = contentIds.subarray(from, from + t.content.length);
    for (let k = 0; k < own.length; k++) own[k] = local[t.content[k]!]!;
    own.sort();
    contentStarts[i + 1] = from + own.length;
  });
  const contentDf = new Int32Array(bm25.terms.length);
  for (let k = 0; k < contentIds.length; k++) contentDf[contentIds[k]!]!++;
  // By dictionary id, the term a word stands for (its last passage's say), words in the order they first appear.
  const wordTerm = new Int32Array(cache.size).fill(-1);
  const words: number[] = [];
  for (const t of all) {
    for (let k = 0; k < t.words.length; k += 2) {
      const word = t.words[k]!;
      if (wordTerm[word] === -1) words.push(word);
      wordTerm[word] = local[t.words[k + 1]!]!;
    }
  }
  const data: LexicalData = {
    bm25,
    contentStarts,
    contentIds,
    contentDf,
    words: words.map((word) => cache.string(word)),
    wordTerms: Int32Array.from(words, (word) => wordTerm[word]!),
    acronyms: [...mergeAcronyms(all.map((t) => t.acronyms))],
  };
  // Only now: the strings above were read by the ids a compaction changes.
  cache.compact(all, bm25.terms.length + words.filter((word) => local[word] === -1).length);
  return data;
}

/**
 * Keyword search over passages: BM25 with the project's tokenizer on both sides, so that
 * numbers, money and identifiers are searchable; title and headings count as weighted fields.
 * Opening reads the arrays as they are: the work was done by buildLexicalData.
 */
export function openLexicalIndex(data: LexicalData): LexicalIndex {
  const bm25 = new Bm25Index(data.bm25);
  const { contentStarts, contentIds, contentDf } = data;
  const n = contentStarts.length - 1;
  const idf = (term: string) => {
    const id = bm25.id(term);
    const d = id === undefined ? 0 : (contentDf[id] ?? 0);
    return Math.log(1 + (n - d + 0.5) / (d + 0.5));
  };
  /** Binary search of a term id among passage i's, which are ascending. */
  const holds = (i: number, id: number) => {
    let lo = contentStarts[i]!;
    let hi = contentStarts[i + 1]! - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const at = contentIds[mid]!;
      if (at === id) return true;
      if (at < id) lo = mid + 1;
      else hi = mid - 1;
    }
    return false;
  };
  const termsOf = (i: number): TermSet => ({
    has: (term) => {
      const id = bm25.id(term);
      return id !== undefined && holds(i, id);
    },
  });
  const words = new Map(data.words.map((w, i) => [w, data.bm25.terms[data.wordTerms[i]!]!]));
  return {
    search: (query) => bm25.score(typeof query === 'string' ? new Map(tokens(query).flatMap((t) => t.terms.map((term) => [term, 1] as const))) : query),
    idf,
    has: (term) => bm25.has(term),
    termsOf,
    withAll(terms) {
      const ids = terms.map((t) => bm25.id(t));
      if (ids.length === 0 || ids.some((id) => id === undefined || contentDf[id] === 0)) return [];
      // The rarest term's postings, then the rest checked passage by passage.
      const sorted = (ids as number[]).sort((a, b) => contentDf[a]! - contentDf[b]!);
      return [...bm25.postings(data.bm25.terms[sorted[0]!]!)].filter((i) => sorted.every((id) => holds(i, id)));
    },
    vocabulary: new Vocabulary(words),
    acronyms: new Map(data.acronyms),
  };
}
