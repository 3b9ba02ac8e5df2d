import { cp, readdir, readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { readConfig } from '../../src/config.js';
import { chooseModel } from '../../src/embed/choose-model.js';
import { loadTransformersEmbedder, ModelUnavailableError } from '../../src/embed/embedder.js';
import { startEmbeddingThread, threadLoader, type ThreadEmbedder } from '../../src/embed/embedding-thread.js';
import { silentLog } from '../../src/log/log.js';
import { tempDir, TINY_MODEL } from '../support/paths.js';

const config = readConfig({}, { EMBEDDING_MODEL: TINY_MODEL });
const exactly = (vectors: Float32Array[]) => vectors.map((v) => Array.from(v));

describe('the embedding thread', () => {
  it('embeds on its thread exactly what the model embeds in this one, each call its own vectors', async () => {
    const thread = await startEmbeddingThread(config, TINY_MODEL);
    const here = await loadTransformersEmbedder(TINY_MODEL, await tempDir());
    try {
      expect(thread.dimensions).toBe(here.dimensions);
      expect(thread.model).toBe(here.model);
      const texts = ['do registries have legal authority?', 'IPv4 is a scarce asset', ''];
      expect(exactly(await thread.embed(texts, 'query'))).toEqual(exactly(await here.embed(texts, 'query')));
      expect(exactly(await thread.embed(texts))).toEqual(exactly(await here.embed(texts)));
      // Fifty asked at once, as a burst of questions does: every answer goes to its own call.
      const questions = Array.from({ length: 50 }, (_, i) => `question ${i} about the ${i % 2 ? 'registries' : 'transfer market'}`);
      const answers = await Promise.all(questions.map((q) => thread.embed([q], 'query')));
      const expected = await Promise.all(questions.map((q) => here.embed([q], 'query')));
      expect(answers.map(exactly)).toEqual(expected.map(exactly));
    } finally {
      await thread.close();
    }
  });

  it('fails to start as loading the model fails, so that the bundled model can stand in', async () => {
    await expect(startEmbeddingThread(config, '/nonexistent/model')).rejects.toThrow(ModelUnavailableError);
    await expect(startEmbeddingThread(config, '/nonexistent/model')).rejects.toThrow(/EMBEDDING_MODEL: no model folder at \/nonexistent\/model/);
    const chosen = await chooseModel('/nonexistent/model', { log: silentLog, load: threadLoader(config) });
    try {
      expect(chosen.fallback?.to).toBe('bundled');
      expect(chosen.embedder?.dimensions).toBe(64);
      const [vector] = await chosen.embedder!.embed(['registry failure'], 'query');
      expect(vector).toHaveLength(64);
    } finally {
      await (chosen.embedder as { close?: () => Promise<void> } | undefined)?.close?.();
    }
  });

  it('fails the embeds a dying thread was doing, and starts a new thread for the next', async () => {
    // A heap limit the model fits in and a batch of huge texts does not: the thread dies as one
    // out of memory does.
    const thread = await startEmbeddingThread(config, TINY_MODEL, { maxHeapMb: 64 });
    try {
      const huge = Array.from({ length: 32 }, (_, i) => `${i} ${'registry '.repeat(400_000)}`);
      await expect(thread.embed(huge)).rejects.toThrow(/the embedding thread stopped/);
      const [vector] = await thread.embed(['registries have no authority'], 'query');
      expect(vector).toHaveLength(64);
    } finally {
      await thread.close();
    }
  });

  it('stops on close, failing what it was asked, and starts again when asked after', async () => {
    const thread = await startEmbeddingThread(config, TINY_MODEL);
    const failed = expect(thread.embed(Array.from({ length: 200 }, (_, i) => `passage ${i}`))).rejects.toThrow(/the embedding thread was stopped/);
    await thread.close();
    await failed;
    expect(await thread.embed(['after'], 'query')).toHaveLength(1);
    await thread.close();
  });

  it.runIf(process.platform === 'linux')('stops a thread closed while it loads its model, failing the embed that waited for it', async () => {
    const tasks = async () => (await readdir('/proc/self/task')).length;
    const thread = await startEmbeddingThread(config, TINY_MODEL, { maxHeapMb: 64 });
    // A thread that dies is started again by the next embed: close it while that one loads.
    await expect(thread.embed(Array.from({ length: 32 }, (_, i) => `${i} ${'registry '.repeat(400_000)}`))).rejects.toThrow(/the embedding thread stopped/);
    const before = await tasks();
    const waiting = expect(thread.embed(['asked while it starts again'], 'query')).rejects.toThrow(/the embedding thread was stopped/);
    await thread.close();
    await waiting;
    // Its threads (the worker's own, V8's and ONNX Runtime's) are gone, not left serving.
    await expect.poll(tasks, { timeout: 5000 }).toBeLessThanOrEqual(before);
  });

  it('loads the bundled model on this thread, where a thread would gain nothing, and any other model on a thread', async () => {
    const load = threadLoader(config);
    const bundled = await load(TINY_MODEL);
    expect('close' in bundled).toBe(false);
    expect(bundled.offThread).toBeUndefined();
    // The same files in another folder: a model the loader cannot tell from any other.
    const copy = await tempDir();
    await cp(TINY_MODEL, copy, { recursive: true });
    const other = (await load(copy)) as ThreadEmbedder;
    try {
      expect(typeof other.close).toBe('function');
      expect(other.offThread).toBe(true);
      expect(exactly(await other.embed(['registry failure'], 'query'))).toEqual(exactly(await bundled.embed(['registry failure'], 'query')));
    } finally {
      await other.close();
    }
  });

  it.runIf(process.platform === 'linux')('embeds at a lower priority than it answers, above indexing: the embedding thread is nicer by 5', async () => {
    const niceOf = async (tid: string) => Number((await readFile(`/proc/self/task/${tid}/stat`, 'utf8')).split(') ')[1]!.split(' ')[16]);
    const answering = await niceOf(String(process.pid));
    const before = new Set(await readdir('/proc/self/task'));
    const thread = await startEmbeddingThread(config, TINY_MODEL);
    try {
      const started = (await readdir('/proc/self/task')).filter((tid) => !before.has(tid));
      expect(await Promise.all(started.map(niceOf))).toContain(Math.min(19, answering + 5));
    } finally {
      await thread.close();
    }
  });
});
