import { describe, expect, it } from 'vitest';
import { quoteHits, SENTENCE_CACHE_BYTES } from '../../src/answer/answer.js';
import type { Passage } from '../../src/notes/passages.js';
import { createSearchEngine, openSearchEngine } from '../../src/search/engine.js';
import { termVector } from '../../src/search/term-vector.js';
import { fakeEmbedder } from '../support/fake-embedder.js';

const passage = (id: string, text: string): Passage => ({
  id,
  noteId: id,
  title: id,
  url: `https://dev.heng.lu/${id}`,
  headings: [],
  text,
  start: 0,
  end: text.length,
});

describe('quoting', () => {
  const passages = [
    passage('holding', 'A block cannot be resold for 24 months. The rule was meant to stop speculation. It did not.'),
    passage('authority', 'The registry has no authority over holders. ICP-2 says as much.'),
  ];
  const question = 'How long must a block be held before it is resold?';
  const query = { terms: ['block', 'resold'], phrases: [], vector: termVector(question, 32) };
  const hit = (p: Passage) => ({ passage: p, score: 1 });

  it('embeds the sentences of a passage once per model, and not again after a re-index', async () => {
    const embedder = fakeEmbedder();
    const engine = createSearchEngine({ passages, vectors: await embedder.embed(passages.map((p) => p.text)), embedder });
    embedder.texts.length = 0;

    const [first] = await quoteHits(engine, [hit(passages[0]!)], query);
    expect(first!.quote).toMatch(/^A block cannot be resold for 24 months\./);
    expect(embedder.texts).toEqual(['A block cannot be resold for 24 months.', 'The rule was meant to stop speculation.', 'It did not.']);

    // A re-index opens a new engine over mostly the same passages: their sentences are remembered.
    const reindexed = openSearchEngine(engine.data, embedder);
    const [again] = await quoteHits(reindexed, [hit(passages[0]!), hit(passages[1]!)], query);
    expect(again!.quote).toBe(first!.quote);
    expect(embedder.texts.slice(3)).toEqual(['The registry has no authority over holders.', 'ICP-2 says as much.']);

    // Another model's vectors are its own.
    const other = fakeEmbedder('other-model');
    await quoteHits(openSearchEngine(engine.data, other), [hit(passages[0]!)], query);
    expect(other.texts).toHaveLength(3);
  });

  it('remembers as many passages as fit in its bytes: fewer for a wider model', async () => {
    const many = Array.from({ length: 600 }, (_, i) => passage(`p${i}`, `Passage number ${i} says one thing.`));
    const remembered = async (dimensions: number) => {
      const embedder = fakeEmbedder(`model-${dimensions}`, dimensions);
      const engine = createSearchEngine({ passages: many, vectors: await embedder.embed(many.map((p) => p.text)), embedder });
      const wide = { ...query, vector: termVector(question, dimensions) };
      await quoteHits(engine, many.map(hit), wide);
      embedder.texts.length = 0;
      // Quoted again, the first passage is embedded again only if it was forgotten; the last never is.
      await quoteHits(engine, [hit(many.at(-1)!), hit(many[0]!)], wide);
      return embedder.texts;
    };
    // 600 sentence vectors of 64 floats fit; of 4,096 floats (16 KB each), fewer than 600 do.
    expect(600 * 64 * 4).toBeLessThan(SENTENCE_CACHE_BYTES);
    expect(600 * 4096 * 4).toBeGreaterThan(SENTENCE_CACHE_BYTES);
    expect(await remembered(64)).toEqual([]);
    expect(await remembered(4096)).toEqual(['Passage number 0 says one thing.']);
  });
});
