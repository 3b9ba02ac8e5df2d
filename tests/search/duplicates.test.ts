import { describe, expect, it } from 'vitest';
import type { Passage } from '../../src/notes/passages.js';
import { suppressedPassages } from '../../src/search/duplicates.js';

const passage = (noteId: string, text: string): Passage => ({
  id: `${noteId}-${text.length}`,
  noteId,
  title: noteId,
  url: `https://x/${noteId}`,
  headings: [],
  text,
  start: 0,
  end: text.length,
});
const FOOTER = (year: number) => `Subscribe to the newsletter for new notes. © ${year} Lu Heng, all rights reserved.`;

describe('boilerplate and duplicates', () => {
  it('keeps a passage that recurs nearly verbatim in three notes or more out of answers', () => {
    const passages = [
      passage('a', 'Registries keep the books; they do not own the addresses.'),
      passage('a', FOOTER(2024)),
      passage('b', 'IPv4 is a scarce asset whose price is held down by policy.'),
      passage('b', FOOTER(2025)),
      passage('c', 'Community sovereignty is a claim, not a legal power.'),
      passage('c', FOOTER(2026)),
    ];
    expect([...suppressedPassages(passages)].sort()).toEqual([1, 3, 5]);
  });

  it('shows a passage two notes share once, from the note it opens', () => {
    const opening = 'The claim that IPv4 could reach a total value of $60 trillion is not rhetorical.';
    const passages = [
      passage('index', 'All notes, newest first, with their opening lines.'),
      passage('index', opening),
      passage('ipv4', opening),
      passage('ipv4', 'It follows from basic asset economics.'),
    ];
    expect([...suppressedPassages(passages)]).toEqual([1]);
  });

  it('leaves short repeated lines alone', () => {
    expect(suppressedPassages([passage('a', 'See also.'), passage('b', 'See also.'), passage('c', 'See also.')]).size).toBe(0);
  });
});
