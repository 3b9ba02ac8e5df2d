import type { Passage } from '../notes/passages.js';
import { Bm25Index } from './bm25.js';
import { CONTENT_STOP_WORDS, termsOf, tokens } from './tokenize.js';
import { mineAcronyms } from './acronyms.js';
import { Vocabulary } from './vocabulary.js';

export interface LexicalIndex {
  /** BM25 scores of the passages that share a term with the query (a text, or terms with their weights), by passage position. */
  search(query: string | Map<string, number>): Map<number, number>;
  /** Inverse document frequency of a content term; a term no passage has gets the highest. */
  idf: (term: string) => number;
  /** Whether any passage holds the term. */
  has(term: string): boolean;
  /** The distinct content terms of passage i, title and headings included (see contentTerms). */
  termsOf(i: number): ReadonlySet<string>;
  /** The notes' words as written, for matching a question's misspellings. */
  readonly vocabulary: Vocabulary;
  /** The acronyms the notes define, by term, with their long forms' terms ("rir" → region, internet, registri). */
  readonly acronyms: ReadonlyMap<string, string[]>;
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

/**
 * Keyword search over passages: BM25 with the project's tokenizer on both sides, so that
 * numbers, money and identifiers are searchable; title and headings count as weighted fields.
 * Built once per index load.
 */
export function createLexicalIndex(passages: Passage[], options: LexicalOptions = DEFAULT_LEXICAL): LexicalIndex {
  const all = passages.map(termsOfPassage);
  const bm25 = new Bm25Index(
    all.map((t) => [
      { terms: t.text, weight: 1 },
      { terms: t.title, weight: options.titleBoost },
      { terms: t.headings, weight: options.headingBoost },
    ]),
  );

  const terms = all.map((t) => t.content);
  const df = new Map<string, number>();
  for (const set of terms) for (const t of set) df.set(t, (df.get(t) ?? 0) + 1);
  const n = passages.length;
  const idf = (term: string) => {
    const d = df.get(term) ?? 0;
    return Math.log(1 + (n - d + 0.5) / (d + 0.5));
  };
  const words = new Map<string, string>();
  for (const t of all) for (const [word, term] of t.words) words.set(word, term);

  return {
    search: (query) => bm25.score(typeof query === 'string' ? new Map(tokens(query).flatMap((t) => t.terms.map((term) => [term, 1] as const))) : query),
    idf,
    has: (term) => bm25.has(term),
    termsOf: (i) => terms[i]!,
    vocabulary: new Vocabulary(words),
    acronyms: mineAcronyms(passages.map((p) => p.text)),
  };
}
