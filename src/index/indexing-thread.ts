import { setFlagsFromString } from 'node:v8';
import { Worker } from 'node:worker_threads';
import type { Config } from '../config.js';
import type { Log } from '../log/log.js';
import { threadEntry } from '../threads/entry.js';
import { stopThread } from '../threads/stop.js';
import type { Passage } from '../notes/passages.js';
import type { FromWorker, ModelRef, ToWorker } from './indexing-protocol.js';

export type IndexUpdate = Extract<FromWorker, { type: 'done' }>;

export interface IndexingThreadOptions {
  /** A heap limit for the thread, in MB (worker_threads' resourceLimits): past it the thread dies, the serving index stays. */
  maxHeapMb?: number;
}

/**
 * How far V8 lets a heap grow past what its last full collection kept: a fifth, instead of a
 * factor V8 picks between 1.1 and 4 for speed. Embedding is mostly short-lived garbage, which the
 * thread's heap otherwise grew to hold, to twice what it kept (65 MB kept, 105-150 MB heap at
 * 10,000 passages). The flag is the process's, read at every collection: it is set when the first
 * indexing thread starts, before either thread's heap is large.
 */
const HEAP_GROWTH = '--heap-growing-percent=20';

/**
 * The answering thread's handle on the indexing thread: one run at a time, started on first use
 * and again after it died. A run resolves with the new index (passages received in slices), or
 * undefined when nothing changed; it rejects when the thread fails or dies.
 */
export class IndexingThread {
  private worker?: Worker;
  private closed = false;
  private pending?: { resolve: (update: IndexUpdate | undefined) => void; reject: (error: Error) => void; passages: Passage[] };
  /** Set by watch: called on every change in the notes folder. */
  private onChange?: () => void;
  private watching?: () => void;

  constructor(
    private readonly config: Config,
    private readonly model: ModelRef | undefined,
    private readonly log: Log,
    private readonly options: IndexingThreadOptions = {},
  ) {}

  run(serving?: string): Promise<IndexUpdate | undefined> {
    // A run queued behind the one a shutdown stopped must not start a thread again: the process
    // would wait for a whole re-index before it could exit.
    if (this.closed) return Promise.reject(new Error('the indexing thread was stopped'));
    if (this.pending) return Promise.reject(new Error('the indexing thread is busy'));
    const worker = (this.worker ??= this.start());
    return new Promise((resolve, reject) => {
      this.pending = { resolve, reject, passages: [] };
      // While it works, the thread keeps the process alive; idle, it does not hold up an exit.
      worker.ref();
      worker.postMessage({ type: 'run', serving } satisfies ToWorker);
    });
  }

  /**
   * Watches the notes folder on the thread, calling onChange on every change; resolves once the
   * folder is scanned. A thread that dies is started again, watching, a second later.
   */
  watch(onChange: () => void): Promise<void> {
    this.onChange = onChange;
    return new Promise((resolve) => {
      this.watching = resolve;
      (this.worker ??= this.start()).postMessage({ type: 'watch' } satisfies ToWorker);
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    const worker = this.worker;
    this.worker = undefined;
    this.settle(new Error('the indexing thread was stopped'));
    if (worker && !(await stopThread(worker))) this.log.warn('the indexing thread did not finish its model call in time: ended while it ran');
  }

  private start(): Worker {
    setFlagsFromString(HEAP_GROWTH);
    const { script, eval: isCode } = threadEntry('./indexing-worker', import.meta.url);
    const worker = new Worker(script, {
      eval: isCode,
      workerData: { config: this.config, model: this.model },
      ...(this.options.maxHeapMb ? { resourceLimits: { maxOldGenerationSizeMb: this.options.maxHeapMb } } : {}),
    });
    worker.on('message', (message: FromWorker) => this.receive(message));
    worker.on('error', (error) => this.died(worker, `the indexing thread failed: ${error.message}`));
    worker.on('exit', (code) => this.died(worker, `the indexing thread stopped (exit code ${code})`));
    return worker;
  }

  private receive(message: FromWorker): void {
    if (message.type === 'log') return this.log[message.level](message.message, message.fields);
    if (message.type === 'changed') return this.onChange?.();
    if (message.type === 'stopped') return; // stopThread's
    if (message.type === 'watching') {
      if (!this.pending) this.worker?.unref();
      this.watching?.();
      this.watching = undefined;
      return;
    }
    const pending = this.pending;
    if (!pending) return;
    if (message.type === 'passages') {
      for (const p of message.passages) pending.passages.push(p);
      return;
    }
    this.pending = undefined;
    this.worker?.unref();
    if (message.type === 'unchanged') pending.resolve(undefined);
    else if (message.type === 'failed') pending.reject(Object.assign(new Error(message.message), { stack: message.stack }));
    else pending.resolve({ ...message, data: { ...message.data, passages: pending.passages } });
  }

  private died(worker: Worker, why: string): void {
    if (this.worker !== worker) return;
    this.worker = undefined;
    this.settle(new Error(why));
    if (!this.onChange || this.closed) return;
    // Changes made meanwhile are not seen: the next re-index (any change after this) checks every note.
    setTimeout(() => {
      if (this.closed || this.worker) return;
      this.worker = this.start();
      this.worker.postMessage({ type: 'watch' } satisfies ToWorker);
    }, 1000).unref();
  }

  private settle(error: Error): void {
    const pending = this.pending;
    this.pending = undefined;
    pending?.reject(error);
  }
}
