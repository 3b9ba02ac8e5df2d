import { beforeAll, describe, expect, it } from 'vitest';
import { answerQuestion } from '../../src/answer/answer.js';
import { readConfig } from '../../src/config.js';
import { silentLog } from '../../src/log/log.js';
import { prepare, type Prepared } from '../../src/prepare.js';
import { CORPUS, TINY_MODEL, tempDir } from '../support/paths.js';

/** The fixture corpus indexed with the real tiny model, as `npm run ask` does it. */
describe('retrieval over the fixture corpus with the tiny model', () => {
  let prepared: Prepared;
  beforeAll(async () => {
    const config = readConfig({}, { NOTES_DIR: CORPUS, INDEX_DIR: await tempDir(), EMBEDDING_MODEL: TINY_MODEL });
    prepared = await prepare(config, { log: silentLog });
  });

  it('indexes every good note and reports the broken one', () => {
    expect(prepared.engine.mode).toBe('hybrid');
    expect(prepared.build!.index.manifest).toMatchObject({ model: TINY_MODEL, dimensions: 64, notes: 17 });
    expect(prepared.notes.broken.map((p) => p.file)).toEqual(['broken-yaml.md']);
    expect(prepared.notes.drafts).toEqual(['broken-drafts-are-skipped.md']);
  });

  it('finds a claim by its numbers and quotes the sentence that holds them', async () => {
    const answer = await answerQuestion(prepared.engine, 'What fell from 70% to 52%?');
    expect(answer.answered).toBe(true);
    const top = answer.results[0]!;
    expect(top.title).toBe('Holding Periods and the 24-Month Rule');
    expect(top.quote).toContain('fell from 70% to 52%');
    expect(top.text).toContain(top.quote);
    expect(top.url).toMatch(/^https:\/\/dev\.heng\.lu\/holding-periods#:~:text=/);
  });

  it('finds a paraphrase that shares no word with the passage', async () => {
    const result = await prepared.engine.search('swindlers mailing counterfeit demands');
    const top = result.hits[0]!;
    expect(top.passage.noteId).toBe('phishing-letters');
    // None of the question's words is in the passage: meaning found it (the model, and WordNet's
    // "forged" for "counterfeit").
    expect(top.passage.text.toLowerCase()).not.toMatch(/swindl|mailing|counterfeit|demand/);
  });

  it('says the notes do not cover an unrelated question', async () => {
    for (const q of ['What is the best recipe for sourdough bread?', 'How do I configure a Kubernetes ingress controller?']) {
      expect((await answerQuestion(prepared.engine, q)).answered, q).toBe(false);
    }
  });

  it('limits one note to two of the top five passages', async () => {
    const answer = await answerQuestion(prepared.engine, 'the Water Board and its register', { k: 5 });
    const counts = new Map<string, number>();
    for (const r of answer.results) counts.set(r.noteId, (counts.get(r.noteId) ?? 0) + 1);
    expect(Math.max(...counts.values())).toBeLessThanOrEqual(2);
  });
});
