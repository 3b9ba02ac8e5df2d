import { describe, expect, it } from 'vitest';
import { contentTerms, tokenize } from '../../src/search/tokenize.js';

describe('tokenize', () => {
  it('keeps money, percentages, prefixes, years and identifiers', () => {
    expect(tokenize('IPv4 could be worth $60 trillion')).toEqual(expect.arrayContaining(['ipv4', '$60', '60', 'trillion']));
    expect(tokenize('a 0.1% fee on every /24 since 2025')).toEqual(expect.arrayContaining(['0.1%', '0.1', '/24', '24', '2025']));
    expect(tokenize('ICP-2 and RFC 2050')).toEqual(expect.arrayContaining(['icp-2', 'icp', '2', 'rfc', '2050']));
    expect(tokenize('1,000,000 addresses and 4.3 billion')).toEqual(expect.arrayContaining(['1000000', '4.3', 'billion']));
  });

  it('drops the commonest words from a search, and every stop word from content terms', () => {
    expect(tokenize('What is the reason why it does not work for them?')).toEqual(['reason', 'it', 'not', 'work', 'for', 'them']);
    expect(contentTerms('What is the reason why it does not work for them?')).toEqual(['reason', 'work']);
  });

  it('stems words so that singular and plural, British and American spellings meet', () => {
    expect(tokenize('registries')).toEqual(tokenize('registry'));
    expect(tokenize('decentralisation')).toEqual(tokenize('decentralization'));
    expect(tokenize("the registry's authority")).toEqual(tokenize('registry authority'));
  });

  it('gives the same terms to a question and the passage it quotes', () => {
    const passage = tokenize('The claim that IPv4 could reach a total value of $60 trillion is not rhetorical.');
    for (const term of tokenize('"$60 trillion"')) expect(passage).toContain(term);
  });
});
