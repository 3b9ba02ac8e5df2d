import type { LexicalData } from '../../src/search/lexical.js';

/**
 * What keyword arrays say, in strings and passage by passage, whatever ids their dictionary gave:
 * each passage's terms with their weighted frequencies, its length and content terms; the
 * document frequencies, the words and the acronyms.
 */
export function describeLexical(data: LexicalData) {
  const s = (id: number) => data.strings[id]!;
  const passages = data.segments.flatMap(({ bm25, contentStarts, contentIds }) =>
    Array.from(bm25.lengths, (length, d) => {
      const terms: [string, number][] = [];
      bm25.terms.forEach((id, k) => {
        for (let i = bm25.starts[k]!; i < bm25.starts[k + 1]!; i++) if (bm25.docs[i] === d) terms.push([s(id), bm25.tfs[i]!]);
      });
      return { terms: terms.sort(), length, content: [...contentIds.subarray(contentStarts[d], contentStarts[d + 1])].map(s).sort() };
    }),
  );
  const counts = (df: Int32Array) => Object.fromEntries([...df].flatMap((n, id) => (n > 0 ? [[s(id), n]] : [])));
  return {
    passages,
    df: counts(data.df),
    contentDf: counts(data.contentDf),
    words: Array.from(data.wordIds, (w, k) => [s(w), s(data.wordTerms[k]!)]),
    acronyms: data.acronyms,
  };
}
