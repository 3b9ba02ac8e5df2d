/**
 * Stops indexing threads while they embed with a model of MiniLM-L6's cost, then exits 0; ending
 * a thread in the middle of a model call aborted the process (exit 134). One full re-index is
 * timed first, then each round starts a re-index into a new index folder and closes the thread
 * at a fraction of that time, past the model's loading, while it embeds passages or sentences.
 * Usage: tsx stop-mid-embed.ts MODEL_DIR NOTES_DIR WORK_DIR
 */
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { readConfig } from '../../src/config.js';
import { IndexingThread } from '../../src/index/indexing-thread.js';
import { silentLog } from '../../src/log/log.js';

const [model, notes, work] = process.argv.slice(2) as [string, string, string];
const ref = { source: model, model: 'minilm-cost', dimensions: 64 };
const thread = (round: number) => new IndexingThread(readConfig({ NOTES_DIR: notes, INDEX_DIR: path.join(work, `index-${round}`) }), ref, silentLog);

const timed = thread(0);
const started = performance.now();
await timed.run();
const whole = performance.now() - started;
await timed.close();

const FRACTIONS = [0.4, 0.5, 0.6, 0.7, 0.8];
for (const [i, fraction] of FRACTIONS.entries()) {
  const t = thread(i + 1);
  const run = t.run().then(
    () => 'finished',
    () => 'stopped',
  );
  await sleep(whole * fraction);
  await t.close();
  process.stdout.write(`round ${i + 1}: ${await run}\n`);
}
