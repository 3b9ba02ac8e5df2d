import type { Passage } from '../notes/passages.js';
import { Bm25Index, withinOneEdit } from './bm25.js';
import { contentTerms, tokenize } from './tokenize.js';

export interface LexicalIndex {
  /** BM25 scores of the passages that share a term with the query, by passage position. */
  search(query: string): Map<number, number>;
  /** Inverse document frequency of a content term; a term no passage has gets the highest. */
  idf: (term: string) => number;
  /** The distinct content terms of passage i, title and headings included (see contentTerms). */
  termsOf(i: number): ReadonlySet<string>;
}

export interface LexicalOptions {
  titleBoost: number;
  headingBoost: number;
}

export const DEFAULT_LEXICAL: LexicalOptions = { titleBoost: 1.5, headingBoost: 1.5 };

/** A misspelt word ("authroity") counts this much when its one-letter neighbour is found. */
const TYPO_WEIGHT = 0.3;
const TYPO_MIN_LENGTH = 6;

interface PassageTerms {
  text: string[];
  title: string[];
  headings: string[];
  content: Set<string>;
}

// A re-index builds a new engine over mostly the same passage objects (the notes cache keeps
// them): their terms are computed once, not once per engine.
const termCache = new WeakMap<Passage, PassageTerms>();

function termsOfPassage(p: Passage): PassageTerms {
  let t = termCache.get(p);
  if (!t) {
    t = {
      text: tokenize(p.text),
      title: tokenize(p.title),
      headings: tokenize(p.headings.join(' ')),
      content: new Set(contentTerms(`${p.title} ${p.headings.join(' ')} ${p.text}`)),
    };
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

  /** The query's terms; a long word no passage has may be a typo, and its near spellings stand in. */
  const queryTerms = (query: string): Map<string, number> => {
    const weighted = new Map<string, number>();
    for (const term of tokenize(query)) {
      if (bm25.has(term) || term.length < TYPO_MIN_LENGTH || !/^\p{L}+$/u.test(term)) weighted.set(term, 1);
      else for (const known of bm25.terms()) if (withinOneEdit(term, known)) weighted.set(known, Math.max(weighted.get(known) ?? 0, TYPO_WEIGHT));
    }
    return weighted;
  };

  return {
    search: (query) => bm25.score(queryTerms(query)),
    idf,
    termsOf: (i) => terms[i]!,
  };
}
