import MiniSearch from 'minisearch';
import type { Passage } from '../notes/passages.js';
import { contentTerms, tokenize } from './tokenize.js';

export interface LexicalIndex {
  /** BM25 scores of the passages that share a term with the query, by passage position. */
  search(query: string): Map<number, number>;
  /** Inverse document frequency; a term no passage has gets the highest. */
  idf(term: string): number;
  /** The distinct content terms of passage i, title and headings included (see contentTerms). */
  termsOf(i: number): ReadonlySet<string>;
}

export interface LexicalOptions {
  titleBoost: number;
  headingBoost: number;
}

export const DEFAULT_LEXICAL: LexicalOptions = { titleBoost: 1.5, headingBoost: 1.5 };

/**
 * BM25 over passages with MiniSearch, using the project's tokenizer for both sides so that
 * numbers, money and identifiers are searchable. Built once per index load.
 */
export function createLexicalIndex(passages: Passage[], options: LexicalOptions = DEFAULT_LEXICAL): LexicalIndex {
  // Each field is tokenized once, here; MiniSearch gets the terms space-joined and splits them.
  const fields = passages.map((p) => ({ text: tokenize(p.text), title: tokenize(p.title), headings: tokenize(p.headings.join(' ')) }));
  const search = new MiniSearch<{ id: number; text: string; title: string; headings: string }>({
    fields: ['text', 'title', 'headings'],
    tokenize: (joined) => (joined ? joined.split(' ') : []),
    processTerm: (term) => term,
    searchOptions: {
      tokenize,
      boost: { title: options.titleBoost, headings: options.headingBoost },
      // A word no passage has may be a typo ("authroity"): look for near spellings. A word
      // the notes have is taken as written, or "capital" would also find "capitol".
      fuzzy: (term) => (term.length >= 6 && /^\p{L}+$/u.test(term) && !vocabulary.has(term) ? 0.2 : false),
      weights: { fuzzy: 0.3, prefix: 0.3 },
    },
  });
  search.addAll(fields.map((f, id) => ({ id, text: f.text.join(' '), title: f.title.join(' '), headings: f.headings.join(' ') })));

  const vocabulary = new Set(fields.flatMap((f) => [...f.title, ...f.headings, ...f.text]));
  const terms = passages.map((p) => new Set(contentTerms(`${p.title} ${p.headings.join(' ')} ${p.text}`)));
  const df = new Map<string, number>();
  for (const set of terms) for (const t of set) df.set(t, (df.get(t) ?? 0) + 1);
  const n = passages.length;
  const idf = (term: string) => {
    const d = df.get(term) ?? 0;
    return Math.log(1 + (n - d + 0.5) / (d + 0.5));
  };

  return {
    search(query) {
      const scores = new Map<number, number>();
      for (const r of search.search(query)) scores.set(r.id as number, r.score);
      return scores;
    },
    idf,
    termsOf: (i) => terms[i]!,
  };
}
