import { describe, expect, it, vi } from 'vitest';
import { renderAnswer } from '../../src/discord/ask-flow.js';
import type { BotContext } from '../../src/discord/context.js';
import { Cooldown } from '../../src/discord/cooldown.js';
import { QuestionMemory } from '../../src/discord/memory.js';
import { rehearsalQuestions, warmUp } from '../../src/discord/warm-up.js';
import { silentLog } from '../../src/log/log.js';
import type { Passage } from '../../src/notes/passages.js';
import { createSearchEngine } from '../../src/search/engine.js';
import { loadEnglish } from '../../src/search/english.js';
import { fakeEmbedder } from '../support/fake-embedder.js';

vi.mock('../../src/search/english.js', async (original) => {
  const english = await original<typeof import('../../src/search/english.js')>();
  return { ...english, loadEnglish: vi.fn(english.loadEnglish) };
});

const TOPICS = ['registry authority', 'holding periods', 'address markets', 'transfer policy', 'regional registries', 'scarce numbers'];

const passages: Passage[] = TOPICS.flatMap((topic, n) =>
  [0, 1].map((i) => {
    const text = `On ${topic}, part ${i}: the notes argue about ${topic} at some length, and say why ${topic} matters.`;
    return {
      id: `${n}-${i}`,
      noteId: `note-${n}`,
      title: `Notes on ${topic}`,
      url: `https://dev.heng.lu/${n}`,
      headings: i ? [`Part ${i}`] : [],
      text,
      start: 0,
      end: text.length,
    };
  }),
);

async function context() {
  const embedder = fakeEmbedder();
  const engine = createSearchEngine({ passages, vectors: await embedder.embed(passages.map((p) => p.text)), embedder });
  const ctx: BotContext = {
    engine: () => engine,
    notes: () => [],
    reindex: () => Promise.reject(new Error('no re-index here')),
    memory: new QuestionMemory(),
    cooldown: new Cooldown(0),
    commandIds: new Map(),
    log: silentLog,
  };
  const searchItself = engine.search.bind(engine);
  return { ctx, searchItself, search: vi.spyOn(engine, 'search') };
}

describe('rehearsal questions', () => {
  it('are the titles and sections of passages spread over the whole index', () => {
    expect(rehearsalQuestions(passages, 3)).toEqual(['Notes on registry authority', 'Notes on address markets', 'Notes on regional registries']);
    expect(rehearsalQuestions(passages, 4)[1]).toBe('Notes on holding periods: Part 1');
    expect(rehearsalQuestions(passages, 100)).toHaveLength(passages.length);
    expect(rehearsalQuestions([], 10)).toEqual([]);
  });
});

describe('the warm-up after a start', () => {
  it('answers its questions as a real one is answered, and remembers none of them', async () => {
    const { ctx, search } = await context();
    await expect(warmUp(ctx, 5)).resolves.toBe(5);
    // WordNet's words and the word list, which the rehearsals' own words never need, are read too.
    expect(loadEnglish).toHaveBeenCalled();
    expect(search.mock.calls.map(([question]) => question)).toEqual(rehearsalQuestions(passages, 5));
    // Each search found passages to quote: the rehearsal went the whole way, to the drawn answer.
    for (const result of search.mock.results) expect((await result.value).hits.length).toBeGreaterThan(0);
    expect(ctx.memory.recall('anything')).toBeUndefined();
    const real = ctx.memory.remember({ question: 'holding periods', isPublic: false });
    expect((await renderAnswer(ctx, real, 0, 'en-US')).embeds?.length).toBeGreaterThan(0);
  });

  it('gives way to a real question: it stops once one is being answered', async () => {
    const { ctx, search, searchItself } = await context();
    const real = ctx.memory.remember({ question: 'who decides transfer policy?', isPublic: false });
    let answering: Promise<unknown> | undefined;
    search.mockImplementation(async (question, options) => {
      // A person asks while the second rehearsal is being searched: theirs waits for it, then no
      // rehearsal is started after it.
      if (search.mock.calls.length === 2) answering = renderAnswer(ctx, real, 0, 'en-US');
      return searchItself(question, options);
    });
    const answered = await warmUp(ctx, 10);
    await answering;
    expect(answered).toBe(2);
    expect(search.mock.calls.map(([question]) => question)).toEqual([...rehearsalQuestions(passages, 10).slice(0, 2), 'who decides transfer policy?']);
  });
});
