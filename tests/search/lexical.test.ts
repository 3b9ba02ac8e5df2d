import { describe, expect, it } from 'vitest';
import type { Passage } from '../../src/notes/passages.js';
import { buildLexicalData, DEFAULT_LEXICAL, TermCache } from '../../src/search/lexical.js';
import { describeLexical } from '../support/lexical-data.js';

const passage = (id: string, text: string, title = '', headings: string[] = []): Passage => ({
  id,
  noteId: id,
  title,
  url: `https://x/${id}`,
  headings,
  text,
  start: 0,
  end: text.length,
});

/** Passages whose words (made up, so no two rounds share one) are all new in each round. */
function round(r: number, passages = 20, words = 30): Passage[] {
  return Array.from({ length: passages }, (_, p) => {
    const text = Array.from({ length: words }, (_, w) => `word${r}x${p}x${w} registry`).join(' ');
    return passage(`r${r}-${p}`, text, `Title ${r}`, [`Heading ${p}`]);
  });
}

describe('the keyword arrays built from remembered terms', () => {
  const notes = [
    passage('a', 'The Regional Internet Registries (RIRs) keep the registry of IPv4 holders.', 'Registries', ['Who keeps it']),
    passage('b', 'A registry has no authority over holders; ICP-2 says so, and the $60 trillion claim.', 'Authority'),
    passage('c', 'Holding periods: a block cannot be resold for 24 months.', 'Holding periods', ['The 24-month rule']),
  ];

  it('are the same as those built from scratch, after passages come and go', () => {
    const cache = new TermCache();
    expect(describeLexical(buildLexicalData(notes, DEFAULT_LEXICAL, cache))).toEqual(
      describeLexical(buildLexicalData(notes, DEFAULT_LEXICAL, new TermCache())),
    );
    // One note gone, one changed (a new id: an id hashes the text), one new.
    const next = [notes[0]!, passage('b2', 'A registry has authority over nobody.', 'Authority'), passage('d', 'Registries fail: floods, bankruptcy.')];
    expect(describeLexical(buildLexicalData(next, DEFAULT_LEXICAL, cache))).toEqual(describeLexical(buildLexicalData(next, DEFAULT_LEXICAL, new TermCache())));
  });

  it('forget the terms no passage holds any more, so the cache cannot grow without bound', () => {
    const cache = new TermCache(0);
    const first = round(0);
    for (let r = 0; r < 6; r++) {
      const passages = round(r);
      const fresh = new TermCache(0);
      const built = buildLexicalData(passages, DEFAULT_LEXICAL, cache);
      expect(describeLexical(built)).toEqual(describeLexical(buildLexicalData(passages, DEFAULT_LEXICAL, fresh)));
      // Without forgetting, six rounds of new words would hold six rounds' strings.
      expect(cache.size).toBeLessThanOrEqual(2 * fresh.size);
    }
    // The first round's passages missed the compactions since: their terms are taken again.
    expect(describeLexical(buildLexicalData(first, DEFAULT_LEXICAL, cache))).toEqual(
      describeLexical(buildLexicalData(first, DEFAULT_LEXICAL, new TermCache(0))),
    );
  });

  it('weigh the title and headings by the options they are built with', () => {
    const cache = new TermCache();
    const plain = buildLexicalData(notes, { titleBoost: 1, headingBoost: 1 }, cache);
    const boosted = buildLexicalData(notes, { titleBoost: 3, headingBoost: 2 }, cache);
    // Passage a: "registries" once in the title, "keeps" in the heading and the text.
    const tf = (data: typeof plain, term: string, doc: number) => new Map(describeLexical(data).passages[doc]!.terms).get(term);
    expect([tf(plain, 'registri', 0), tf(boosted, 'registri', 0)]).toEqual([3, 5]);
    expect([tf(plain, 'keep', 0), tf(boosted, 'keep', 0)]).toEqual([2, 3]);
  });

  it('keep the first definition of an acronym, passage by passage, as passages come and go', () => {
    const cache = new TermCache();
    const first = passage('a', 'The Regional Internet Registries (RIRs) keep the registry.');
    const second = passage('b', 'Resource Imports Rules (RIR) say something else.');
    const third = passage('c', 'The Internet Assigned Numbers Authority (IANA) hands out blocks.');
    const longForm = (passages: Passage[]) => new Map(buildLexicalData(passages, DEFAULT_LEXICAL, cache).acronyms).get('rir');
    expect(longForm([first, second, third])).toEqual(['region', 'internet', 'registri']);
    expect(longForm([second, first, third])).toEqual(['resourc', 'import', 'rule']);
    expect(longForm([third, first])).toEqual(['region', 'internet', 'registri']);
    expect(buildLexicalData([third, second], DEFAULT_LEXICAL, cache).acronyms.map(([term]) => term)).toEqual(['iana', 'rir']);
  });
});
