import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { derivedForms, inWordNet, LineFile, lineOf, readWordList, synonyms, WORDNET_DIR, wordNetUsage } from '../../src/search/wordnet.js';

describe('the WordNet files', () => {
  // Every index file of the dictionary, its words searched in memory and their lines read where they lie, against a plain scan of its lines.
  for (const pos of ['noun', 'verb', 'adj', 'adv']) {
    it(`finds in index.${pos} exactly the lines a scan finds`, () => {
      const file = path.join(WORDNET_DIR, `index.${pos}`);
      const lines = readFileSync(file, 'utf8')
        .split('\n')
        .filter((l) => l && !l.startsWith(' '));
      const byWord = new Map(lines.map((l) => [l.slice(0, l.indexOf(' ')), l]));
      const words = [...byWord.keys()];
      const list = readWordList(file);
      const reader = new LineFile(file);
      const find = (word: string) => {
        const at = lineOf(list, word);
        return at === undefined ? undefined : reader.at(at);
      };
      expect(list.lines.length).toBe(lines.length);
      // The first and last words, the longest lines, and a spread of the rest.
      const longest = [...lines].sort((a, b) => b.length - a.length).slice(0, 20);
      const sample = [words[0]!, words.at(-1)!, ...longest.map((l) => l.slice(0, l.indexOf(' '))), ...words.filter((_, i) => i % 101 === 0)];
      for (const word of sample) expect(find(word)).toBe(byWord.get(word));
      // Keys between neighbours, before the first and after the last: not there.
      const absent = ['', 'a b', '0', '~~~', ...sample.flatMap((w) => [`${w}!`, `${w}zzzz`, w.slice(0, -1) + '~'])].filter((w) => !byWord.has(w));
      for (const word of absent) expect(find(word)).toBeUndefined();
    });
  }

  it('reads a whole data line, however long', () => {
    const file = path.join(WORDNET_DIR, 'data.noun');
    const text = readFileSync(file, 'latin1');
    const lines = text.split('\n');
    const longest = lines.reduce((a, b) => (b.length > a.length ? b : a));
    expect(longest.length).toBeGreaterThan(4096);
    const offset = text.indexOf(`${longest}\n`);
    expect(new LineFile(file).at(offset)).toBe(longest);
  });
});

describe('words, their use and their synonyms', () => {
  it('knows real words under their dictionary forms, and not misspellings', () => {
    for (const word of ['registry', 'Registries', 'holding', 'allocated', 'sovereignty', 'scarce']) expect(inWordNet(word), word).toBe(true);
    for (const word of ['registery', 'goverment', 'allocaton', 'soverignty', 'teh', '']) expect(inWordNet(word), word).toBe(false);
  });

  it('counts how often the tagged texts use a word, under its dictionary form', () => {
    // index.verb: "receive v 13 6 @ ~ * $ + ; 13 9 …" and "relieve v 11 4 @ ~ + ; 11 7 …", and neither in another file.
    expect(wordNetUsage('receive')).toBe(9);
    expect(wordNetUsage('receives')).toBe(9);
    expect(wordNetUsage('relieve')).toBeLessThan(wordNetUsage('receive'));
    expect(wordNetUsage('recieve')).toBe(0);
  });

  it('gives the forms WordNet derives from a word in its common senses, single words only', () => {
    expect(derivedForms('fail')).toEqual(['failure']);
    expect(derivedForms('reclaim')).toEqual(['reclamation']);
    expect(derivedForms('Owner')).toEqual(expect.arrayContaining(['ownership', 'own']));
    // Under the dictionary form of an inflection.
    expect(derivedForms('decided')).toContain('decision');
    expect(derivedForms('registery')).toEqual([]);
  });

  it('gives the synonyms of a word in its common senses, from any part of speech', () => {
    expect(synonyms('counterfeit')).toEqual(expect.arrayContaining(['forge', 'fake']));
    expect(synonyms('canals')).toContain('channel');
    expect(synonyms('registery')).toEqual([]);
  });
});
