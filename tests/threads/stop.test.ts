import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { writeCostModel } from '../../scripts/lib/cost-model.js';
import { generateCorpus } from '../../scripts/lib/generated-corpus.js';
import { NativeWork, stopThread } from '../../src/threads/stop.js';
import { ROOT, tempDir } from '../support/paths.js';

const exec = promisify(execFile);

/** A call that runs until told to finish. */
function call(work: NativeWork) {
  let finish!: () => void;
  const result = work.run(() => new Promise<string>((resolve) => (finish = () => resolve('done'))));
  return { result, finish: () => finish() };
}

describe('a stop that waits for the model call in progress', () => {
  it('resolves at once when no call runs, and refuses every call after it', async () => {
    const work = new NativeWork();
    expect(await work.run(async () => 1)).toBe(1);
    await work.stop();
    await expect(work.run(async () => 2)).rejects.toThrow('the thread is stopping');
  });

  it('lets the calls running finish, then resolves', async () => {
    const work = new NativeWork();
    const [a, b] = [call(work), call(work)];
    let stopped = false;
    const stopping = work.stop().then(() => (stopped = true));
    // Asked again (a second stop message), it resolves with the first.
    const again = work.stop();
    await expect(work.run(async () => 3)).rejects.toThrow('the thread is stopping');
    a.finish();
    expect(await a.result).toBe('done');
    expect(stopped).toBe(false);
    b.finish();
    await Promise.all([stopping, again]);
    expect(await b.result).toBe('done');
  });

  it('ends a thread once it says it has stopped, and one that does not when the grace ends', async () => {
    const polite = new Worker(
      `const { parentPort } = require('node:worker_threads');
       parentPort.on('message', (m) => m.type === 'stop' && setTimeout(() => parentPort.postMessage({ type: 'stopped' }), 200));`,
      { eval: true },
    );
    const exited = new Promise((resolve) => polite.once('exit', resolve));
    const started = performance.now();
    expect(await stopThread(polite, 10_000)).toBe(true);
    expect(performance.now() - started).toBeGreaterThanOrEqual(190);
    await exited;

    const deaf = new Worker(`require('node:worker_threads').parentPort.on('message', () => {});`, { eval: true });
    const ended = new Promise((resolve) => deaf.once('exit', resolve));
    expect(await stopThread(deaf, 300)).toBe(false);
    await ended;
  });

  it('lets a process close indexing threads while they embed with a model of MiniLM-L6 cost, and exit 0', async () => {
    // Ending the thread in the middle of a model call aborted the process (exit 134) in most rounds.
    const dir = await tempDir();
    const model = await writeCostModel(path.join(dir, 'minilm-cost'));
    await generateCorpus(path.join(dir, 'notes'), 100);
    const { stdout } = await exec(process.execPath, ['--import', 'tsx', 'tests/support/stop-mid-embed.ts', model, path.join(dir, 'notes'), dir], { cwd: ROOT });
    const rounds = stdout.trim().split('\n');
    expect(rounds).toHaveLength(5);
    // Most rounds must have closed a thread that was still at work, or the test shows nothing.
    expect(rounds.filter((r) => r.endsWith('stopped')).length).toBeGreaterThanOrEqual(3);
  }, 120_000);
});
