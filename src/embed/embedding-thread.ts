import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Config } from '../config.js';
import { threadEntry } from '../threads/entry.js';
import { stopThread } from '../threads/stop.js';
import type { ModelLoader } from './choose-model.js';
import { BUNDLED_MODEL_DIR } from './bundled.js';
import { ModelUnavailableError, transformersLoader, type Embedder } from './embedder.js';
import type { EmbedRequest, FromEmbeddingThread } from './embedding-protocol.js';

export interface ThreadEmbedder extends Embedder {
  /** Stops the thread; an embed asked afterwards starts it again. */
  close(): Promise<void>;
}

/**
 * Loads each model on a thread of its own (worker_threads) and embeds there. ONNX Runtime runs a
 * model on the thread that calls it, and the tokenizer is JavaScript: in the answering thread a
 * question's embedding held up every other answer's work (and, with the default model, about
 * 20 ms of quoting an answer). Here the answering thread posts the texts and goes on with other
 * questions until the vectors come back.
 */
export function threadLoader(config: Config): ModelLoader {
  const inThisThread = transformersLoader(config);
  // The bundled model is a table of word vectors (0.5 ms a question): a thread gains it nothing
  // and costs 40-65 MB and 0.3 s of the start (bench:discord, fifteenth session).
  return (spec) => (path.resolve(spec) === BUNDLED_MODEL_DIR ? inThisThread(spec) : startEmbeddingThread(config, spec));
}

export interface EmbeddingThreadOptions {
  /** A heap limit for the thread, in MB (worker_threads' resourceLimits): past it the thread dies, and the next embed starts another. */
  maxHeapMb?: number;
}

type Pending = { resolve: (vectors: Float32Array[]) => void; reject: (error: Error) => void };

/**
 * Resolves once the thread has loaded the model; rejects as loading it would have
 * (ModelUnavailableError when the model cannot be had, so that a fallback can follow). A thread
 * that dies fails the embeds it was doing, and the next embed starts a new one.
 */
export async function startEmbeddingThread(config: Config, spec: string, options: EmbeddingThreadOptions = {}): Promise<ThreadEmbedder> {
  const pending = new Map<number, Pending>();
  let nextId = 0;
  let worker: Worker | undefined;
  let starting: Promise<Worker> | undefined;
  // The thread started last, loading its model or serving: what close stops.
  let current: Worker | undefined;
  const closed = () => new Error('the embedding thread was stopped');
  let info: { model: string; dimensions: number } | undefined;
  const failAll = (error: Error) => {
    for (const call of pending.values()) call.reject(error);
    pending.clear();
  };

  const start = () =>
    new Promise<Worker>((resolve, reject) => {
      const { script, eval: isCode } = threadEntry('./embedding-worker', import.meta.url);
      const thread = new Worker(script, {
        eval: isCode,
        workerData: { config, spec },
        ...(options.maxHeapMb ? { resourceLimits: { maxOldGenerationSizeMb: options.maxHeapMb } } : {}),
      });
      thread.unref();
      current = thread;
      thread.on('message', (message: FromEmbeddingThread) => {
        if (message.type === 'ready') {
          // Closed while it loaded: the embeds waiting for it fail as those it had would.
          if (current !== thread) return reject(closed());
          info = { model: message.model, dimensions: message.dimensions };
          worker = thread;
          resolve(thread);
        } else if (message.type === 'stopped') {
          return; // stopThread's
        } else if (message.type === 'not-loaded') {
          reject(message.unavailable ? new ModelUnavailableError(message.message) : new Error(message.message));
        } else {
          const call = pending.get(message.id);
          pending.delete(message.id);
          if (pending.size === 0) thread.unref();
          if (message.type === 'vectors') call?.resolve(message.vectors);
          else call?.reject(new Error(message.message));
        }
      });
      const died = (why: string) => {
        if (current !== thread) return reject(closed()); // close ended it
        const error = new Error(`the embedding thread stopped: ${why}`);
        reject(error);
        current = undefined;
        if (worker !== thread) return;
        worker = undefined;
        starting = undefined;
        failAll(error);
      };
      thread.on('error', (error) => died(error.message));
      thread.on('exit', (code) => died(`exit code ${code}`));
    });

  // A start that failed is tried again by the next embed.
  const restart = () => (starting ??= start().catch((error: unknown) => ((starting = undefined), Promise.reject(error as Error))));
  await restart();
  const { model, dimensions } = info!;
  return {
    model,
    dimensions,
    offThread: true,
    async embed(texts, kind = 'passage') {
      const thread = worker ?? (await restart());
      const id = nextId++;
      return new Promise<Float32Array[]>((resolve, reject) => {
        pending.set(id, { resolve, reject });
        // While it embeds, the thread keeps the process alive; idle, it does not hold up an exit.
        thread.ref();
        thread.postMessage({ type: 'embed', id, texts, kind } satisfies EmbedRequest);
      });
    },
    async close() {
      const thread = current;
      current = undefined;
      worker = undefined;
      starting = undefined;
      failAll(closed());
      if (thread) await stopThread(thread);
    },
  };
}
