import { rm } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { quoteHits, SENTENCE_CACHE_BYTES } from '../../src/answer/answer.js';
import type { Passage } from '../../src/notes/passages.js';
import { createSearchEngine, openSearchEngine } from '../../src/search/engine.js';
import { termVector } from '../../src/search/term-vector.js';
import { fakeEmbedder } from '../support/fake-embedder.js';
import { buildIndex } from '../../src/index/build.js';
import { openServingEngine } from '../../src/index/serving-engine.js';
import { silentLog } from '../../src/log/log.js';
import { loadNotes } from '../../src/notes/load.js';
import { CORPUS, tempDir } from '../support/paths.js';

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

  it('reads the sentence vectors of an index that has them, embeds none, and quotes as embedding them would', async () => {
    const indexDir = await tempDir();
    const { notes, passages: corpus } = await loadNotes(CORPUS, 'https://dev.heng.lu/');
    const { index } = await buildIndex({ indexDir, passages: corpus, notes, embedder: fakeEmbedder() });
    const embedder = fakeEmbedder('fake-model');
    const stored = await openServingEngine(indexDir, index.data, embedder, index.manifest, silentLog);
    expect(stored.sentences).toBeDefined();
    const embedding = openSearchEngine(index.data, fakeEmbedder('fake-model'));
    const questions = ['do registries have legal authority?', 'how long must water shares be held?', 'what did the lighthouse keepers log?', 'ICP-2'];
    for (const question of questions) {
      const found = await stored.search(question);
      expect(found.hits.length).toBeGreaterThan(0);
      const calls = embedder.calls;
      const read = await quoteHits(stored, found.hits, found.query);
      expect(embedder.calls).toBe(calls);
      // 8-bit sentence vectors pick the sentences that the model's own do.
      expect(read.map((r) => r.quote)).toEqual((await quoteHits(embedding, found.hits, found.query)).map((r) => r.quote));
    }
    // Its part deleted (a later build replaced it): quoting embeds the sentences instead.
    await rm(path.join(indexDir, 'parts', index.manifest.parts![0]!.key, 'sentences.bin'));
    const found = await stored.search(questions[0]!);
    const calls = embedder.calls;
    const [late] = await quoteHits(stored, found.hits.slice(0, 1), found.query);
    expect(late!.quote).toBe((await quoteHits(embedding, found.hits.slice(0, 1), found.query))[0]!.quote);
    expect(embedder.calls).toBe(calls + 1);
  });
});
