import type { Passage } from '../notes/passages.js';
import { Bm25Index, buildBm25, countTerms, type Bm25Data, type Bm25Scores, type TermCounts } from './bm25.js';
import { CONTENT_STOP_WORDS, termsOf, tokens } from './tokenize.js';
import { mineAcronyms } from './acronyms.js';
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

interface PassageTerms {
  text: string[];
  title: string[];
  headings: string[];
  content: Set<string>;
  /** Its words as written (four letters or more, lower case), each with the term it stands for. */
  words: [string, string][];
  /** Its BM25 counts, for the field weights they were counted with. */
  counts?: { options: LexicalOptions; value: TermCounts };
}

// A re-index builds a new engine over mostly the same passage objects (the notes cache keeps
// them): their terms are computed once, not once per engine.
const termCache = new WeakMap<Passage, PassageTerms>();
const LETTERS = /^\p{L}{4,}$/u;

function termsOfPassage(p: Passage): PassageTerms {
  let t = termCache.get(p);
  if (!t) {
    // Each field is cut into tokens once; their terms under either stop list are looked up.
    // Plain loops: flatMap and spreads cost more than the tokenizing here.
    const fields = [p.text, p.title, p.headings.join(' ')].map((field) => tokens(field));
    const [text, title, headings] = fields.map((field) => {
      const terms: string[] = [];
      for (const token of field) for (const term of token.terms) terms.push(term);
      return terms;
    });
    const words = new Map<string, string>();
    const content = new Set<string>();
    for (const field of fields) {
      for (const token of field) {
        for (const term of termsOf(token.raw, CONTENT_STOP_WORDS)) content.add(term);
        if (token.terms.length === 0 || token.raw.length < 4 || words.has(token.raw)) continue;
        const word = token.raw.toLowerCase();
        if (LETTERS.test(word)) words.set(word, token.terms[0]!);
      }
    }
    t = { text: text!, title: title!, headings: headings!, content, words: [...words] };
    termCache.set(p, t);
  }
  return t;
}

/** Tokenizes the passages (their terms are cached per passage object) and builds the arrays. */
export function buildLexicalData(passages: readonly Passage[], options: LexicalOptions = DEFAULT_LEXICAL): LexicalData {
  const all = passages.map(termsOfPassage);
  const dictionary = new Map<string, number>();
  const counted = all.map((t) => {
    if (t.counts?.options !== options) {
      const fields = [
        { terms: t.text, weight: 1 },
        { terms: t.title, weight: options.titleBoost },
        { terms: t.headings, weight: options.headingBoost },
      ];
      t.counts = { options, value: countTerms(fields) };
    }
    return t.counts.value;
  });
  const bm25 = buildBm25(counted, dictionary);
  // Every content term and word is a search term too (the content stop list holds the search
  // one), so the BM25 dictionary has them all.
  const id = (term: string) => dictionary.get(term)!;
  const contentStarts = new Int32Array(passages.length + 1);
  const ids: number[] = [];
  all.forEach((t, i) => {
    const own = [...t.content].map(id).sort((a, b) => a - b);
    for (const term of own) ids.push(term);
    contentStarts[i + 1] = ids.length;
  });
  const contentIds = Int32Array.from(ids);
  const contentDf = new Int32Array(dictionary.size);
  for (const term of contentIds) contentDf[term]!++;
  const words = new Map<string, number>();
  for (const t of all) for (const [word, term] of t.words) words.set(word, id(term));
  return {
    bm25,
    contentStarts,
    contentIds,
    contentDf,
    words: [...words.keys()],
    wordTerms: Int32Array.from(words.values()),
    acronyms: [...mineAcronyms(passages.map((p) => p.text))],
  };
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
