import { readFileSync } from 'node:fs';
import wordListPath from 'word-list';
import { describe, expect, it } from 'vitest';
import { englishNeighbours, isEnglishWord } from '../../src/search/english.js';

describe('English words', () => {
  it('knows dictionary forms, regular and irregular inflections, and not misspellings', () => {
    for (const word of ['registry', 'Registries', 'holding', 'sovereignty', 'went', 'bought', 'ran', 'takeover']) expect(isEnglishWord(word), word).toBe(true);
    for (const word of ['registery', 'goverment', 'allocaton', 'soverignty', 'teh', 'recieve', '']) expect(isEnglishWord(word), word).toBe(false);
  });

  it('finds every word of the list, the ones its file has out of byte order included', () => {
    const words = readFileSync(wordListPath, 'latin1').split('\n').filter(Boolean);
    const outOfOrder = words.filter((w, i) => i > 0 && w < words[i - 1]!);
    expect(outOfOrder.length).toBeGreaterThan(0);
    for (const word of [...outOfOrder, words[0]!, words.at(-1)!, ...words.filter((_, i) => i % 997 === 0)]) expect(isEnglishWord(word), word).toBe(true);
  });

  it('finds what a misspelling most likely meant: the English words one edit away, the commonest first', () => {
    expect(englishNeighbours('goverment')).toEqual(['government']);
    expect(englishNeighbours('Soverignty')).toEqual(['sovereignty']);
    // Both are one swap or one letter away; WordNet's tagged texts use "receive" more.
    expect(englishNeighbours('recieve').slice(0, 2)).toEqual(['receive', 'relieve']);
    // An inflection the word list holds, not one WordNet's rules merely allow ("owneres").
    expect(englishNeighbours('ownres')).toContain('owners');
    expect(englishNeighbours('ownres')).not.toContain('owneres');
    expect(englishNeighbours('xqzvbnk')).toEqual([]);
  });
});
