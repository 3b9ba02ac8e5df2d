import MiniSearch from 'minisearch';
import { describe, expect, it } from 'vitest';
import { Bm25Index, buildBm25Segment } from '../../src/search/bm25.js';

const docs = [
  'the registry keeps the ledger',
  'a ledger of holders and holders',
  'lighthouse keepers trimmed the lamp',
  'the registry has no authority over holders',
];

/** An index of documents, each one field of terms with its weight, in segments of `per` documents. */
function indexOf(fields: { terms: string[]; weight: number }[], per = fields.length): Bm25Index {
  const dictionary: string[] = [];
  const documents = fields.map(({ terms, weight }) => {
    const tf = new Map<number, number>();
    for (const term of terms) {
      const id = dictionary.includes(term) ? dictionary.indexOf(term) : dictionary.push(term) - 1;
      tf.set(id, (tf.get(id) ?? 0) + weight);
    }
    return { terms: [...tf.keys()], tfs: [...tf.values()], length: terms.length * weight };
  });
  const df = new Int32Array(dictionary.length);
  for (const d of documents) for (const id of d.terms) df[id]!++;
  const average = documents.reduce((sum, d) => sum + d.length, 0) / documents.length;
  const segments = [];
  for (let i = 0; i < documents.length; i += per) segments.push(buildBm25Segment(documents.slice(i, i + per), dictionary.length, average));
  return new Bm25Index(segments, new Map(dictionary.map((t, id) => [t, id])), df);
}

describe('Bm25Index', () => {
  const index = indexOf(docs.map((d) => ({ terms: d.split(' '), weight: 1 })));

  it('computes BM25+ by the formula', () => {
    // "ledger": in 2 of 4 documents; document 0 has 5 terms, the average is 5.75.
    const idf = Math.log(1 + (4 - 2 + 0.5) / (2 + 0.5));
    const norm = 1.2 * (1 - 0.7 + (0.7 * 5) / 5.75);
    expect(index.score(new Map([['ledger', 1]])).scores[0]).toBeCloseTo(idf * (0.5 + (1 * 2.2) / (1 + norm)), 5);
  });

  it('ranks as a reference implementation (MiniSearch) does', () => {
    const reference = new MiniSearch<{ id: number; text: string }>({ fields: ['text'] });
    reference.addAll(docs.map((text, id) => ({ id, text })));
    for (const query of ['ledger', 'holders', 'registry holders', 'lamp keepers ledger']) {
      const { scores, matched } = index.score(new Map(query.split(' ').map((t) => [t, 1])));
      const ours = [...matched].sort((a, b) => scores[b]! - scores[a]!);
      expect(ours).toEqual(reference.search(query).map((r) => r.id));
    }
  });

  it('gives the same scores whether the query has few postings or many, listing each match once', () => {
    // Forty documents that all say "common"; two also say "rarer", one of them "rare" too. A query
    // of the rare words has few postings for the index's size, one with "common" many, and
    // score() notes the matching documents a different way for each.
    const many = Array.from({ length: 40 }, (_, i) => `common ${i === 7 ? 'rare rarer ' : i === 9 ? 'rarer ' : ''}words ${'padding '.repeat(i % 5)}`.trim());
    const index = indexOf(many.map((d) => ({ terms: d.split(' '), weight: 1 })));
    const average = many.reduce((sum, d) => sum + d.split(' ').length, 0) / 40;
    const length = (d: number) => many[d]!.split(' ').length;
    const expected = (df: number, d: number) => Math.log(1 + (40 - df + 0.5) / (df + 0.5)) * (0.5 + 2.2 / (1 + 1.2 * (0.3 + (0.7 * length(d)) / average)));
    const rare = index.score(
      new Map([
        ['rare', 1],
        ['rarer', 1],
      ]),
    );
    expect([...rare.matched].sort((a, b) => a - b)).toEqual([7, 9]);
    expect(rare.scores[7]).toBeCloseTo(expected(1, 7) + expected(2, 7), 5);
    expect(rare.scores[9]).toBeCloseTo(expected(2, 9), 5);
    const all = index.score(
      new Map([
        ['rare', 1],
        ['rarer', 1],
        ['common', 1],
      ]),
    );
    expect([...all.matched].sort((a, b) => a - b)).toEqual(Array.from({ length: 40 }, (_, i) => i));
    for (const d of [0, 7, 9, 23]) expect(all.scores[d]).toBeCloseTo(expected(40, d) + rare.scores[d]!, 5);
    expect(all.best).toBe(Math.max(...all.scores));
  });

  it('scores documents split into segments as it scores them in one, each at its position', () => {
    const many = Array.from({ length: 23 }, (_, i) =>
      `common ${i % 7 === 0 ? 'rare ' : ''}words ${'padding '.repeat(i % 5)}${i % 3 === 0 ? 'ledger' : ''}`.trim(),
    );
    const fields = many.map((d) => ({ terms: d.split(' '), weight: 1 }));
    const whole = indexOf(fields);
    for (const per of [1, 5, 10]) {
      const split = indexOf(fields, per);
      expect(split.size).toBe(23);
      for (const query of [['rare'], ['ledger', 'rare'], ['common', 'ledger'], ['absent']]) {
        const terms = new Map(query.map((t) => [t, 1]));
        const [a, b] = [whole.score(terms), split.score(terms)];
        expect([...b.matched].sort((x, y) => x - y)).toEqual([...a.matched].sort((x, y) => x - y));
        expect(b.scores).toEqual(a.scores);
        expect(b.best).toBe(a.best);
      }
      expect([...split.postings('rare')]).toEqual([0, 7, 14, 21]);
      expect(split.df('ledger')).toBe(8);
    }
  });

  it('weights terms and fields, and forgets the last query', () => {
    const once = index.score(new Map([['holders', 1]]));
    const half = index.score(new Map([['holders', 0.5]]));
    expect(half.scores[1]).toBeCloseTo(once.scores[1]! / 2, 5);
    expect(once.best).toBe(Math.max(...once.scores));
    const fielded = indexOf([
      { terms: ['ipv4'], weight: 2 },
      { terms: ['ipv4'], weight: 1 },
    ]);
    const s = fielded.score(new Map([['ipv4', 1]]));
    expect(s.scores[0]).toBeGreaterThan(s.scores[1]!);
    const none = index.score(new Map([['nothing', 1]]));
    expect([none.matched.length, none.best]).toEqual([0, 0]);
  });
});
