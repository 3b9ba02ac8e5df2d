import { cp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readConfig } from '../../src/config.js';
import type { Embedder } from '../../src/embed/embedder.js';
import { LiveIndex } from '../../src/index/live.js';
import { answerQuestion } from '../../src/answer/answer.js';
import type { SearchEngine } from '../../src/search/engine.js';
import type { Log } from '../../src/log/log.js';
import { silentLog } from '../../src/log/log.js';
import { prepare } from '../../src/prepare.js';
import { generateCorpus } from '../../scripts/lib/generated-corpus.js';
import { CORPUS, tempDir, TINY_MODEL } from '../support/paths.js';

/** The corpus indexed with the bundled model, and a live index serving it (through `answering`, when given, on this thread). */
async function setUp(log: Log = silentLog, options = {}, answering = (model: Embedder) => model) {
  const notesDir = await tempDir('notes-bot-live-');
  await cp(CORPUS, notesDir, { recursive: true });
  const config = readConfig({}, { NOTES_DIR: notesDir, INDEX_DIR: await tempDir(), EMBEDDING_MODEL: TINY_MODEL });
  const prepared = await prepare(config, { log: silentLog });
  const live = await LiveIndex.start(config, { ...prepared, embedder: answering(prepared.embedder!) }, log, options);
  return { notesDir, live, config, prepared };
}

function recordingLog(): Log & { lines: string[] } {
  const lines: string[] = [];
  const record = (message: string) => void lines.push(message);
  return { lines, debug: record, info: record, warn: record, error: record };
}

describe('LiveIndex', () => {
  it('serves the stored index at once, does nothing when nothing changed, and embeds only what did', async () => {
    const { notesDir, live, prepared } = await setUp();
    // What was stored serves as it is: the passages and the generation the build wrote.
    expect(live.engine.passages.map((p) => p.id)).toEqual(prepared.engine.passages.map((p) => p.id));
    const served = live.engine;
    const same = await live.reindex();
    expect(same).toMatchObject({ upToDate: true, embedded: 0 });
    expect(live.engine).toBe(served);

    const file = path.join(notesDir, 'holding-periods.md');
    await writeFile(file, (await readFile(file, 'utf8')).replace('Rule T-4 should be repealed.', 'Rule T-4 should go.'));
    const changed = await live.reindex();
    expect(changed).toMatchObject({ upToDate: false, embedded: 1, removed: 1 });
    expect(live.engine).not.toBe(served);
    expect((await live.engine.search('Rule T-4 should go')).hits[0]!.passage.text).toContain('Rule T-4 should go.');
    await live.close();
  });

  it('builds each re-index on the index its thread holds, not on a copy read back from the disk', async () => {
    const { notesDir, live, config } = await setUp();
    await live.reindex();
    // The stored generations are gone: a thread that read the previous index back would embed
    // every passage again; one that builds on what it holds embeds the changed passage only.
    await rm(config.indexDir, { recursive: true });
    const file = path.join(notesDir, 'holding-periods.md');
    await writeFile(file, (await readFile(file, 'utf8')).replace('Rule T-4 should be repealed.', 'Rule T-4 should go.'));
    expect(await live.reindex()).toMatchObject({ upToDate: false, embedded: 1, removed: 1 });
    await live.close();
  });

  it('keeps the vectors it builds on: re-indexes in a row give every passage the vector a build from nothing gives', async () => {
    const { notesDir, live, config } = await setUp();
    await live.reindex();
    // Each run builds on the vectors the one before it left on the thread, after handing the
    // answering thread its own: the last one serves rows copied from the first two.
    for (const [file, from, to] of [
      ['holding-periods.md', 'Rule T-4 should be repealed.', 'Rule T-4 should go.'],
      ['beekeeping-notes.md', 'Beekeepers move their hives at night', 'Beekeepers move their hives after dark'],
    ]) {
      const at = path.join(notesDir, file!);
      await writeFile(at, (await readFile(at, 'utf8')).replace(from!, to!));
      expect(await live.reindex()).toMatchObject({ upToDate: false, embedded: 1 });
    }
    const fresh = await prepare({ ...config, indexDir: await tempDir() }, { log: silentLog });
    const { data } = live.engine;
    expect(live.engine.passages.map((p) => p.id)).toEqual(fresh.engine.passages.map((p) => p.id));
    for (let i = 0; i < live.engine.passages.length; i++) {
      const row = data.vectors.subarray(i * data.dims, (i + 1) * data.dims);
      const expected = fresh.engine.data.vectors.subarray(i * data.dims, (i + 1) * data.dims);
      const dot = (a: Float32Array, b: Float32Array) => a.reduce((sum, x, d) => sum + x * b[d]!, 0);
      expect(dot(row, expected) / Math.sqrt(dot(row, row) * dot(expected, expected))).toBeCloseTo(1, 4);
    }
    await live.close();
  });

  it('prepares a re-indexed engine before it serves: its first question embeds the question alone', async () => {
    const embedded: string[] = [];
    const { notesDir, live } = await setUp(silentLog, {}, (model) => ({
      ...model,
      embed: (texts, kind) => (embedded.push(...texts), model.embed(texts, kind)),
    }));
    await live.reindex();
    // The start's own calibration, run while the bot connects, is over.
    await live.engine.prepare();
    await writeFile(path.join(notesDir, 'new.md'), '# New\n\nA new note about tidal mills.');
    embedded.length = 0;
    await live.reindex();
    // Calibrated by the re-index, not by the question that follows it, and without embedding the
    // off-topic probes again: their vectors are the model's, whatever the notes.
    expect(live.engine.prepared).toBe(true);
    expect(embedded).toEqual([]);
    await live.engine.search('tidal mills');
    expect(embedded).toEqual(['tidal mills']);
    await live.close();
  });

  it('quotes from the sentence vectors of the index it serves, and of each re-index; an engine swapped out embeds those of parts replaced', async () => {
    const embedded: string[] = [];
    const { notesDir, live } = await setUp(silentLog, {}, (model) => ({
      ...model,
      embed: (texts, kind) => (embedded.push(...texts), model.embed(texts, kind)),
    }));
    const asked = async (engine: SearchEngine, question: string) => {
      await engine.prepare();
      embedded.length = 0;
      const { results } = await answerQuestion(engine, question);
      expect(results.length).toBeGreaterThan(0);
      return [...embedded];
    };
    expect(await asked(live.engine, 'how long are water shares frozen?')).toEqual(['how long are water shares frozen?']);
    const file = path.join(notesDir, 'holding-periods.md');
    await writeFile(file, (await readFile(file, 'utf8')).replace('Rule T-4 should be repealed.', 'Rule T-4 should go.'));
    const before = live.engine;
    await live.reindex();
    expect(live.engine).not.toBe(before);
    expect(await asked(live.engine, 'should rule T-4 go?')).toEqual(['should rule T-4 go?']);
    // A question the old engine took before the swap: the corpus is one part, which the
    // re-index replaced, so its quotes are chosen by embedding the sentences again.
    const late = await asked(before, 'do lighthouse keepers log the weather?');
    expect(late[0]).toBe('do lighthouse keepers log the weather?');
    expect(late.length).toBeGreaterThan(1);
    await live.close();
  });

  it('merges re-index requests that arrive while one runs', async () => {
    const { notesDir, live } = await setUp();
    await live.reindex();
    await writeFile(path.join(notesDir, 'new.md'), '# New\n\nA new note about tidal mills.');
    expect(live.reindexing).toBe(false);
    const first = live.reindex();
    expect(live.reindexing).toBe(true);
    // Before it starts, a request is the same run: it will see the same files.
    expect(live.reindex()).toBe(first);
    await new Promise((resolve) => setImmediate(resolve));
    // While it runs, requests merge into one more run after it.
    const second = live.reindex();
    const third = live.reindex();
    expect(third).toBe(second);
    expect(second).not.toBe(first);
    await Promise.all([first, second]);
    expect(live.reindexing).toBe(false);
    expect(live.notes.some((n) => n.id === 'new')).toBe(true);
    expect((await live.engine.search('tidal mills')).hits[0]!.passage.noteId).toBe('new');
    await live.close();
  });

  it('stops at once when closed: a re-index waiting behind the running one does not start the thread again', async () => {
    const log = recordingLog();
    const { notesDir, live } = await setUp(log);
    await live.reindex();
    await writeFile(path.join(notesDir, 'new.md'), '# New\n\nA new note about tidal mills.');
    const running = live.reindex();
    await new Promise((resolve) => setImmediate(resolve));
    const waiting = live.reindex();
    expect(waiting).not.toBe(running);
    const outcomes = Promise.allSettled([running, waiting]);
    const logged = log.lines.length;
    await live.close();
    for (const outcome of await outcomes) expect(outcome).toMatchObject({ status: 'rejected', reason: { message: expect.stringContaining('stopped') } });
    expect(log.lines.slice(logged).filter((line) => line.startsWith('re-indexed'))).toEqual([]);
    expect(live.notes.some((n) => n.id === 'new')).toBe(false);
  });

  it('indexes on another thread: a timer keeps firing on schedule through a large re-index', async () => {
    const { notesDir, live } = await setUp();
    await live.reindex();
    // About 2,000 new passages to load, embed, write and build arrays for.
    await generateCorpus(path.join(notesDir, 'generated'), 2000);
    const gaps: number[] = [];
    let last = performance.now();
    const timer = setInterval(() => {
      const now = performance.now();
      gaps.push(now - last);
      last = now;
    }, 10);
    const started = performance.now();
    const report = await live.reindex();
    const took = performance.now() - started;
    clearInterval(timer);
    expect(report.embedded).toBeGreaterThan(1500);
    // Done on this thread, the work would have stopped the timer for all of it, seconds long.
    expect(took).toBeGreaterThan(1000);
    expect(Math.max(...gaps)).toBeLessThan(took / 4);
    expect(gaps.length).toBeGreaterThan(took / 10 / 4);
    expect(live.engine.passages.length).toBe(report.passages);
    await live.close();
  });

  it.runIf(process.platform === 'linux')('indexes at a lower priority than it answers: the indexing thread is nicer than this one', async () => {
    const { live } = await setUp();
    await live.reindex();
    const niceOf = async (tid: string) => Number((await readFile(`/proc/self/task/${tid}/stat`, 'utf8')).split(') ')[1]!.split(' ')[16]);
    const answering = await niceOf(String(process.pid));
    const threads = await Promise.all((await readdir('/proc/self/task')).map(niceOf));
    expect(threads).toContain(Math.min(19, answering + 10));
    await live.close();
  });

  it('says why it builds the stored index again: another model built it, or it cannot be read', async () => {
    const { config, live } = await setUp();
    await live.close();
    const otherModel = { embedder: { model: 'another-model', dimensions: 64, embed: () => Promise.reject(new Error('unused')) }, source: TINY_MODEL };
    const log = recordingLog();
    const rebuilt = await LiveIndex.start(config, otherModel, log);
    expect(log.lines.some((l) => /stored index is built again: the model changed \(.* → another-model\)/.test(l))).toBe(true);
    await rebuilt.close();
    const generation = (await readFile(path.join(config.indexDir, 'CURRENT'), 'utf8')).trim();
    await writeFile(path.join(config.indexDir, generation, 'manifest.json'), '{ not json');
    const damaged = recordingLog();
    const again = await LiveIndex.start(config, otherModel, damaged);
    expect(damaged.lines.some((l) => /stored index cannot be read, so it is built again/.test(l))).toBe(true);
    await again.close();
  });

  it('watches the notes folder from its indexing thread, and again once that thread has died', async () => {
    const { notesDir, live } = await setUp();
    await live.watch(100);
    const served = async (title: string) => {
      const deadline = Date.now() + 15_000;
      while (!live.notes.some((n) => n.title === title) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      return live.notes.some((n) => n.title === title);
    };
    await writeFile(path.join(notesDir, 'mills.md'), '---\ntitle: Tidal mills\n---\n\nA new note about tidal mills.');
    expect(await served('Tidal mills')).toBe(true);

    // The thread dies while idle (as it would, out of memory): a new one watches a second later.
    const thread = (live as unknown as { thread: { worker?: { terminate(): Promise<number> } } }).thread;
    await thread.worker!.terminate();
    await new Promise((r) => setTimeout(r, 2500));
    await writeFile(path.join(notesDir, 'weirs.md'), '---\ntitle: Weirs\n---\n\nA new note about weirs on the river.');
    expect(await served('Weirs')).toBe(true);
    await live.close();
  });

  it('keeps the previous index serving when the indexing thread dies, and says so', async () => {
    const log = recordingLog();
    // A heap limit the thread cannot live within: it dies as a thread out of memory does.
    const { notesDir, live } = await setUp(log, { maxHeapMb: 2 });
    const served = live.engine;
    await writeFile(path.join(notesDir, 'new.md'), '# New\n\nA new note about tidal mills.');
    await expect(live.reindex()).rejects.toThrow(/indexing thread/);
    expect(live.engine).toBe(served);
    expect((await live.engine.search('Rule T-4')).hits.length).toBeGreaterThan(0);
    expect(log.lines.some((l) => /re-index failed.*still serving the previous index/.test(l))).toBe(true);
    await live.close();
  });
});
