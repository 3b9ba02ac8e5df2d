import { describe, expect, it, vi } from 'vitest';
import type { Passage } from '../../src/notes/passages.js';
import {
  adoptStoredTerms,
  AVERAGE_DRIFT,
  buildLexicalData,
  DEFAULT_LEXICAL,
  joinSegments,
  openLexicalIndex,
  storedSegment,
  TermCache,
  type LexicalData,
} from '../../src/search/lexical.js';
import { describeLexical } from '../support/lexical-data.js';

/** Every segment whose postings are built, by its first document's length. */
const built = vi.hoisted(() => ({ count: 0 }));
vi.mock('../../src/search/bm25.js', async (original) => {
  const actual = await original<typeof import('../../src/search/bm25.js')>();
  return {
    ...actual,
    buildBm25Segment: (...args: Parameters<typeof actual.buildBm25Segment>) => {
      built.count++;
      return actual.buildBm25Segment(...args);
    },
  };
});

const WORDS = ['registry', 'ledger', 'holder', 'authority', 'scarcity', 'block', 'prefix', 'transfer', 'policy', 'market', 'price', 'lease'];

/** A note of one passage: `words` words picked by its number. */
const note = (n: number, words = 12, extra = ''): Passage => {
  const text = Array.from({ length: words }, (_, w) => WORDS[(n * 7 + w * 5) % WORDS.length]).join(' ') + extra;
  // An id hashes what is tokenized: here, what makes the text.
  return { id: `p${n}-${words}${extra}`, noteId: `n${n}`, title: `Note ${n}`, url: `https://x/n${n}`, headings: [], text, start: 0, end: text.length };
};

const corpus = (size: number) => Array.from({ length: size }, (_, n) => note(n));

/** The scores of a query, by passage. */
const scores = (data: LexicalData, query: string) => openLexicalIndex(data).search(query).scores;

/** The segments as a build writes them, each with its own dictionary (arrays copied: reading renumbers them). */
const storedSegments = (data: LexicalData) => data.segments.map((segment) => structuredClone(storedSegment(segment, data.strings)));

/** Each passage's score as a fresh build gives it, within the length normalisation's drift. */
function expectNearFresh(data: LexicalData, passages: Passage[], query: string): void {
  const fresh = scores(buildLexicalData(passages, DEFAULT_LEXICAL, new TermCache()), query);
  scores(data, query).forEach((score, i) => expect(Math.abs(score - fresh[i]!)).toBeLessThanOrEqual(AVERAGE_DRIFT * fresh[i]!));
}

describe('the keyword index in segments', () => {
  const passages = corpus(2400);

  it('is cut where the index files are, and a changed note builds its own segment only', () => {
    const cache = new TermCache();
    const first = buildLexicalData(passages, DEFAULT_LEXICAL, cache);
    expect(first.segments.length).toBeGreaterThan(2);
    const changed = passages.map((p, n) => (n === 1500 ? note(n, 12, ' lighthouse') : p));
    built.count = 0;
    const second = buildLexicalData(changed, DEFAULT_LEXICAL, cache);
    expect(built.count).toBe(1);
    const kept = second.segments.filter((s) => first.segments.includes(s));
    expect(kept).toHaveLength(first.segments.length - 1);
    for (const query of ['lighthouse', 'registry ledger', 'price of a block']) expectNearFresh(second, changed, query);
    expect(openLexicalIndex(second).search('lighthouse').matched).toEqual(Int32Array.from([1500]));
  });

  it('works every impact out again once the average length drifts, and then scores as a fresh build', () => {
    const cache = new TermCache();
    const first = buildLexicalData(passages, DEFAULT_LEXICAL, cache);
    // Every tenth passage three times as long: the average grows by a fifth.
    const longer = passages.map((p, n) => (n % 10 === 0 ? note(n, 36) : p));
    const second = buildLexicalData(longer, DEFAULT_LEXICAL, cache);
    expect(second.averageLength).toBeGreaterThan(first.averageLength * (1 + AVERAGE_DRIFT));
    const fresh = buildLexicalData(longer, DEFAULT_LEXICAL, new TermCache());
    expect(second.averageLength).toBe(fresh.averageLength);
    expect(scores(second, 'registry market')).toEqual(scores(fresh, 'registry market'));
  });

  it('takes the segments of an index read from the disk, so that a note changed after a restart builds its own only', () => {
    const written = buildLexicalData(passages, DEFAULT_LEXICAL, new TermCache());
    const stored = { passages, lexical: joinSegments(storedSegments(written), written.averageLength) };
    // A restart: a new cache, passages as the stored index's but one, and no tokens yet.
    const cache = new TermCache();
    const changed = passages.map((p, n) => (n === 10 ? note(n, 12, ' lighthouse') : p));
    adoptStoredTerms(changed, stored, DEFAULT_LEXICAL, cache);
    built.count = 0;
    const next = buildLexicalData(changed, DEFAULT_LEXICAL, cache);
    expect(built.count).toBe(1);
    expect(next.strings.slice(0, stored.lexical.strings.length)).toEqual(stored.lexical.strings);
    expectNearFresh(next, changed, 'registry lighthouse');
    // Segments of other passages are not taken.
    const rewritten = passages.map((_, n) => note(n, 13, ' again'));
    const other = new TermCache();
    adoptStoredTerms(rewritten, stored, DEFAULT_LEXICAL, other);
    built.count = 0;
    const all = buildLexicalData(rewritten, DEFAULT_LEXICAL, other);
    expect(built.count).toBe(all.segments.length);
  });

  it('stores each segment with a dictionary of its own, and reads them back as the same index', () => {
    const cache = new TermCache();
    // Ids in the order the strings first came, over two builds: the stored ones are sorted.
    buildLexicalData(corpus(30).reverse(), DEFAULT_LEXICAL, cache);
    const data = buildLexicalData(passages, DEFAULT_LEXICAL, cache);
    const read = joinSegments(storedSegments(data), data.averageLength);
    expect(read.strings).toEqual([...read.strings].sort());
    expect(describeLexical(read)).toEqual(describeLexical(data));
    for (const query of ['registry', 'price of a lease', 'nothing here']) expect(scores(read, query)).toEqual(scores(data, query));
    const [a, b] = [openLexicalIndex(read), openLexicalIndex(data)];
    expect(a.withAll(['ledger', 'price'])).toEqual(b.withAll(['ledger', 'price']));
    expect([...a.vocabulary.near('registy', 1)]).toEqual([...b.vocabulary.near('registy', 1)]);
  });
});
