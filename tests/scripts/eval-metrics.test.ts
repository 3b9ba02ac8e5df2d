import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { firstHitRank, parseQuestions, passageHits, score } from '../../scripts/lib/eval-metrics.js';
import { DEFAULT_BASE_URL } from '../../src/config.js';
import { loadNotes } from '../../src/notes/load.js';

const p = (text: string, url = 'https://dev.heng.lu/a') => ({ text, url });

describe('eval metrics', () => {
  it('counts a passage that holds the gold text, or eight consecutive words of it', () => {
    expect(passageHits(p('Before. The claim that IPv4 could reach $60 trillion is not rhetorical.'), { contains: 'IPv4 could reach $60 trillion' })).toBe(true);
    const long = 'one two three four five six seven eight nine ten eleven twelve';
    expect(passageHits(p('five six seven eight nine ten eleven twelve. Next passage.'), { contains: long })).toBe(true);
    expect(passageHits(p('six seven eight nine ten eleven twelve. Next passage.'), { contains: long })).toBe(false);
    expect(passageHits(p('IPv4 could reach $60 trillion', 'https://dev.heng.lu/b'), { url: 'https://dev.heng.lu/a', contains: 'IPv4' })).toBe(false);
  });

  it('computes Hit@1, Hit@5 and MRR@10', () => {
    expect(firstHitRank([p('x'), p('y gold z')], [{ contains: 'gold' }])).toBe(2);
    expect(score([1, 2, undefined, 7])).toEqual({ n: 4, hit1: 0.25, hit5: 0.5, mrr10: (1 + 0.5 + 1 / 7) / 4 });
  });

  it('names the line of a malformed question', () => {
    expect(() => parseQuestions('{"question":"a","gold":[]}\n{oops', 'q.jsonl')).toThrow('q.jsonl:2: not valid JSON');
    expect(() => parseQuestions('{"question":"a"}', 'q.jsonl')).toThrow(/q.jsonl:1: gold/);
  });
});

describe('the shipped labeled sets', () => {
  const sets: [string, string][] = [
    ['notes', 'tests/fixtures/eval/notes-questions.jsonl'],
    ['tests/fixtures/corpus', 'tests/fixtures/eval/corpus-questions.jsonl'],
    ['tests/fixtures/corpus', 'tests/fixtures/eval/corpus-asked.jsonl'],
    ['tests/fixtures/corpus-zh', 'tests/fixtures/eval/corpus-zh-questions.jsonl'],
    ['tests/fixtures/corpus-quota', 'tests/fixtures/eval/corpus-quota-asked.jsonl'],
  ];

  // A gold text no passage holds (a heading, a word cut at its apostrophe) can never be found: it
  // silently counts a right answer as a miss.
  for (const [notes, questions] of sets) {
    it(`${questions}: every gold text is held by a passage of ${notes}`, async () => {
      const { passages } = await loadNotes(notes, DEFAULT_BASE_URL);
      const labeled = parseQuestions(await readFile(questions, 'utf8'), questions);
      const unheld = labeled.flatMap((q) => q.gold.filter((g) => !passages.some((passage) => passageHits(passage, g))).map((g) => `${q.id}: ${g.contains}`));
      expect(unheld).toEqual([]);
    });
  }
});
