import { describe, expect, it } from 'vitest';
import { isAnswered, nullModel, OFF_TOPIC_PROBES } from '../../src/search/abstain.js';
import { diversify } from '../../src/search/diversity.js';
import { createSearchEngine, openSearchEngine } from '../../src/search/engine.js';
import type { Passage } from '../../src/notes/passages.js';
import { fakeEmbedder } from '../support/fake-embedder.js';

function passage(id: string, noteId: string, text: string, title = `Note ${noteId}`): Passage {
  return { id, noteId, title, url: `https://dev.heng.lu/${noteId}`, headings: [], text, start: 0, end: text.length };
}

const passages = [
  passage('a1', 'a', 'Regional registries keep a ledger of address holders; the ledger does not create the holding.'),
  passage('a2', 'a', 'A registry whose powers come from a service contract has only the powers that contract lists.'),
  passage('a3', 'a', 'Registry members voting at a meeting cannot confiscate property held by people outside the room.'),
  passage('b1', 'b', 'IPv4 could reach a total value of $60 trillion once it is priced as a scarce asset.'),
  passage('b2', 'b', 'A transfer fee of 0.1% on every /24 block adds friction without adding value.'),
  passage('c1', 'c', 'Lighthouse keepers trimmed the lamp every four hours and wound the clockwork by hand.'),
];

describe('hybrid search', () => {
  it('ranks the passage with the exact number first', async () => {
    const embedder = fakeEmbedder();
    const engine = createSearchEngine({ passages, vectors: await embedder.embed(passages.map((p) => p.text)), embedder });
    expect(engine.mode).toBe('hybrid');
    const result = await engine.search('is $60 trillion realistic?');
    expect(result.hits[0]!.passage.id).toBe('b1');
    expect(result.answered).toBe(true);
    expect((await engine.search('0.1% fee per /24')).hits[0]!.passage.id).toBe('b2');
  });

  it('puts an exact quoted phrase first even against stronger keyword matches', async () => {
    const engine = createSearchEngine({ passages });
    const result = await engine.search('registry registry "cannot confiscate property"');
    expect(result.hits[0]!.passage.id).toBe('a3');
    expect(result.hits[0]!.exact).toBe(true);
  });

  it('treats a pasted fragment of a sentence like a quoted phrase', async () => {
    const engine = createSearchEngine({ passages });
    const result = await engine.search('has only the powers that contract lists');
    expect(result.hits[0]!.passage.id).toBe('a2');
    expect(result.hits[0]!.exact).toBe(true);
  });

  it('fuses: a passage found by both signals beats one found by a single signal', async () => {
    const docs = [
      passage('lex', 'x', 'Holding periods: the holding periods rule.'),
      passage('both', 'y', 'Holding periods freeze a sale.'),
      passage('dense', 'z', 'A buyer must wait before he may sell again.'),
      passage('none', 'w', 'Bees pollinate the orchards in April.'),
    ];
    // Vectors chosen by hand: the question points along the first axis.
    const byText = new Map<string, number[]>([
      [docs[0]!.text, [0, 1, 0]],
      [docs[1]!.text, [0.9, 0.436, 0]],
      [docs[2]!.text, [1, 0, 0]],
      [docs[3]!.text, [0, 0, 1]],
    ]);
    const embedder = {
      model: 'hand-made',
      dimensions: 3,
      embed: async (texts: string[]) => texts.map((t) => Float32Array.from(byText.get(t) ?? [1, 0, 0])),
    };
    const engine = createSearchEngine({ passages: docs, vectors: await embedder.embed(docs.map((d) => d.text)), embedder });
    const { hits } = await engine.search('holding periods');
    const order = hits.map((h) => h.passage.id);
    expect(order[0]).toBe('both');
    expect(hits.find((h) => h.passage.id === 'lex')!.lexical).toBe(1);
    expect(hits.find((h) => h.passage.id === 'dense')!.lexical).toBe(0);
    expect(order.indexOf('none')).toBe(3);
  });

  it('answers "not covered" when nothing is relevant', async () => {
    const engine = createSearchEngine({ passages });
    const result = await engine.search('best sourdough bread recipe');
    expect(result.answered).toBe(false);
  });

  it('prepares ahead: after prepare() the first search embeds the question alone', async () => {
    const embedder = fakeEmbedder();
    const vectors = await embedder.embed(passages.map((p) => p.text));
    const cold = createSearchEngine({ passages, vectors, embedder });
    expect(cold.prepared).toBe(false);
    let before = embedder.texts.length;
    await cold.search('registry ledger');
    expect(cold.prepared).toBe(true);
    // Unprepared, the first search calibrates "not covered" against the off-topic probes itself.
    expect(embedder.texts.slice(before)).toEqual(['registry ledger', ...OFF_TOPIC_PROBES]);

    const warm = createSearchEngine({ passages, vectors, embedder });
    await warm.prepare();
    before = embedder.texts.length;
    await warm.search('registry ledger');
    expect(embedder.texts.slice(before)).toEqual(['registry ledger']);
  });

  it('embeds the off-topic probes once per model: the new engine of a re-index calibrates without embedding them', async () => {
    const embedder = fakeEmbedder();
    const first = createSearchEngine({ passages, vectors: await embedder.embed(passages.map((p) => p.text)), embedder });
    await first.prepare();
    const before = embedder.texts.length;
    const reindexed = openSearchEngine(first.data, embedder);
    await reindexed.prepare();
    expect(embedder.texts.length).toBe(before);
    expect((await reindexed.search('is $60 trillion realistic?')).answered).toBe((await first.search('is $60 trillion realistic?')).answered);

    const other = fakeEmbedder('other-model');
    await openSearchEngine(first.data, other).prepare();
    expect(other.texts).toEqual(OFF_TOPIC_PROBES);
  });

  it('does not remember a calibration that failed: the next search tries again', async () => {
    const embedder = fakeEmbedder();
    const engine = createSearchEngine({ passages, vectors: await embedder.embed(passages.map((p) => p.text)), embedder });
    const embed = embedder.embed.bind(embedder);
    embedder.embed = () => Promise.reject(new Error('the model is busy'));
    await expect(engine.prepare()).rejects.toThrow('the model is busy');
    embedder.embed = embed;
    expect((await engine.search('is $60 trillion realistic?')).hits[0]!.passage.id).toBe('b1');
  });

  it('embeds a question expected ahead once, when it is asked, and then searches as without', async () => {
    const embedder = Object.assign(fakeEmbedder(), { offThread: true });
    const engine = createSearchEngine({ passages, vectors: await embedder.embed(passages.map((p) => p.text)), embedder });
    await engine.prepare();
    const plain = await engine.search('is $60 trillion realistic?');
    const before = embedder.texts.length;
    engine.expect('is $60 trillion realistic?');
    // A long message is embedded for the sentence that asks, as its search embeds it.
    const message = `Hi all, I was reading the notes last night and wondered about something. ${'Some context here about what I read. '.repeat(6)}Does the fee on a /24 block add any value?`;
    engine.expect(message);
    expect(embedder.texts.slice(before)).toEqual(['is $60 trillion realistic?', 'Does the fee on a /24 block add any value?']);
    const early = await engine.search('is $60 trillion realistic?');
    await engine.search(message);
    expect(embedder.texts.length).toBe(before + 2);
    expect(early.hits.map((h) => [h.passage.id, h.score])).toEqual(plain.hits.map((h) => [h.passage.id, h.score]));
    // Taken by its search: the same question again is embedded again.
    await engine.search('is $60 trillion realistic?');
    expect(embedder.texts.length).toBe(before + 3);
  });

  it('embeds nothing ahead with a model on this thread: the deferral that is due first would wait for it', async () => {
    const embedder = fakeEmbedder();
    const engine = createSearchEngine({ passages, vectors: await embedder.embed(passages.map((p) => p.text)), embedder });
    await engine.prepare();
    const before = embedder.texts.length;
    engine.expect('is $60 trillion realistic?');
    expect(embedder.texts.length).toBe(before);
    await engine.search('is $60 trillion realistic?');
    expect(embedder.texts.slice(before)).toEqual(['is $60 trillion realistic?']);
  });

  it('keeps at most 256 questions expected and never searched: the oldest is dropped', async () => {
    const embedder = Object.assign(fakeEmbedder(), { offThread: true });
    const engine = createSearchEngine({ passages, vectors: await embedder.embed(passages.map((p) => p.text)), embedder });
    await engine.prepare();
    engine.expect('the first question, never searched in time');
    for (let i = 0; i < 256; i++) engine.expect(`question ${i}`);
    const before = embedder.texts.length;
    await engine.search('question 255');
    await engine.search('the first question, never searched in time');
    expect(embedder.texts.slice(before)).toEqual(['the first question, never searched in time']);
  });

  it('falls back to lexical search without vectors', async () => {
    const engine = createSearchEngine({ passages, embedder: fakeEmbedder() });
    expect(engine.mode).toBe('lexical');
    expect((await engine.search('lighthouse lamp')).hits[0]!.passage.id).toBe('c1');
  });
});

describe('diversify', () => {
  const ranked = ['a1', 'a2', 'a3', 'b1', 'b2', 'c1'].map((id) => ({ passage: { noteId: id[0]!, id } }));

  it('allows at most two passages of one note in the top five', () => {
    expect(diversify(ranked, 5, 2).map((h) => h.passage.id)).toEqual(['a1', 'a2', 'b1', 'b2', 'c1']);
  });

  it('fills the rest in rank order and lifts the limit on request', () => {
    expect(diversify(ranked, 6, 2).map((h) => h.passage.id)).toEqual(['a1', 'a2', 'b1', 'b2', 'c1', 'a3']);
    expect(diversify(ranked, 3, Infinity).map((h) => h.passage.id)).toEqual(['a1', 'a2', 'a3']);
  });
});

describe('abstention', () => {
  const nulls = nullModel([0.2, 0.3, 0.35, 0.4]);

  it('answers on an exact phrase, on high coverage, or on coverage with a closer-than-chance passage', () => {
    expect(isAnswered({ exact: true, coverage: 0, cosine: 0 }, nulls)).toBe(true);
    expect(isAnswered({ exact: false, coverage: 0.8, cosine: 0.1 }, nulls)).toBe(true);
    expect(isAnswered({ exact: false, coverage: 0.3, cosine: 0.36 }, nulls)).toBe(true);
    expect(isAnswered({ exact: false, coverage: 0.3, cosine: 0.2 }, nulls)).toBe(false);
  });

  it('answers on the cosine alone only well above the best off-topic match', () => {
    expect(isAnswered({ exact: false, coverage: 0, cosine: 0.45 }, nulls)).toBe(false);
    expect(isAnswered({ exact: false, coverage: 0, cosine: 0.55 }, nulls)).toBe(true);
  });

  it('uses coverage alone in lexical mode', () => {
    expect(isAnswered({ exact: false, coverage: 0.5 }, undefined)).toBe(true);
    expect(isAnswered({ exact: false, coverage: 0.1 }, undefined)).toBe(false);
  });
});
