import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import lockfile from 'proper-lockfile';
import type { Log } from '../log/log.js';
import { IndexWriteError } from './store.js';

const LOCK_FILE = 'write.lock';
/** A lock not refreshed for this long belongs to a process that died (kill -9): it is taken over. */
const STALE_MS = 10_000;
/** How long a writer waits for another one before it gives up and says so. */
const WAIT_MS = 120_000;
const POLL_MS = 250;

/**
 * Runs fn as the only writer of the index folder: two `npm run index`, or a bot and a CLI, on
 * one folder take turns, so that one never deletes the generation the other just switched to.
 * A writer that cannot even create the lock (a read-only folder) gets an IndexWriteError.
 */
export async function withIndexLock<T>(indexDir: string, log: Log, fn: () => Promise<T>): Promise<T> {
  let release: () => Promise<void>;
  try {
    await mkdir(indexDir, { recursive: true });
    const options = {
      lockfilePath: path.join(indexDir, LOCK_FILE),
      stale: STALE_MS,
      onCompromised: (error: Error) => log.warn(`the lock on the index in ${indexDir} was lost: ${error.message}`),
    };
    try {
      release = await lockfile.lock(indexDir, options);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ELOCKED') throw error;
      log.info(`another process is writing the index in ${indexDir}; waiting for it`);
      release = await lockfile.lock(indexDir, { ...options, retries: { retries: WAIT_MS / POLL_MS, factor: 1, minTimeout: POLL_MS, maxTimeout: POLL_MS } });
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ELOCKED') {
      throw new Error(
        `another process has been writing the index in ${indexDir} for ${WAIT_MS / 1000} s; stopped waiting (run it again when that one is done)`,
        {
          cause: error,
        },
      );
    }
    throw new IndexWriteError(indexDir, (error as NodeJS.ErrnoException).code, error);
  }
  try {
    return await fn();
  } finally {
    await release().catch(() => undefined);
  }
}
