import { Worker } from 'node:worker_threads';
import type { Config } from '../config.js';
import { threadEntry } from '../thread-entry.js';
import type { ModelLoader } from './choose-model.js';
import { ModelUnavailableError } from './embedder.js';

/** A request to the embedding thread, and its replies. */
export type ToEmbeddingThread = { id: number; texts: string[]; kind: 'query' | 'passage' };
export type FromEmbeddingThread =
  | { type: 'ready'; model: string; dimensions: number }
  | { type: 'unavailable'; message: string }
  | { type: 'vectors'; id: number; rows: Float32Array }
  | { type: 'failed'; id?: number; message: string };

/**
 * Loads the model on a thread of its own and embeds there: ONNX Runtime's `run` and the
 * tokenizer are synchronous, so on the answering thread every question's embedding (and its
 * quoted passages' sentences) held up the next interaction; here they run beside it, on the
 * other core. The thread starts on load and again after it died, on the next call.
 */
export function threadedLoader(config: Config): ModelLoader {
  return async (spec) => {
    let thread = await start(config, spec);
    return {
      model: thread.model,
      dimensions: thread.dimensions,
      embed: async (texts, kind = 'passage') => {
        if (texts.length === 0) return [];
        if (!thread.alive()) thread = await start(config, spec);
        return thread.embed(texts, kind);
      },
    };
  };
}

interface Running {
  model: string;
  dimensions: number;
  alive(): boolean;
  embed(texts: string[], kind: 'query' | 'passage'): Promise<Float32Array[]>;
}

function start(config: Config, spec: string): Promise<Running> {
  const { script, eval: isCode } = threadEntry(new URL('./embedding-worker', import.meta.url));
  const worker = new Worker(script, { eval: isCode, workerData: { config, spec } });
  const pending = new Map<number, { resolve: (vectors: Float32Array[]) => void; reject: (error: Error) => void; count: number }>();
  let next = 0;
  let dead = false;
  return new Promise((resolve, reject) => {
    let dimensions = 0;
    const die = (why: string) => {
      if (dead) return;
      dead = true;
      reject(new ModelUnavailableError(why));
      for (const { reject: fail } of pending.values()) fail(new Error(why));
      pending.clear();
    };
    worker.on('error', (error) => die(`the embedding thread failed: ${error.message}`));
    worker.on('exit', (code) => die(`the embedding thread stopped (exit code ${code})`));
    worker.on('message', (message: FromEmbeddingThread) => {
      if (message.type === 'ready') {
        dimensions = message.dimensions;
        // Idle, the thread does not hold up an exit.
        worker.unref();
        resolve({
          model: message.model,
          dimensions,
          alive: () => !dead,
          embed: (texts, kind) =>
            new Promise((done, fail) => {
              const id = next++;
              pending.set(id, { resolve: done, reject: fail, count: texts.length });
              worker.ref();
              worker.postMessage({ id, texts, kind } satisfies ToEmbeddingThread);
            }),
        });
      } else if (message.type === 'unavailable') {
        dead = true;
        reject(new ModelUnavailableError(message.message));
        void worker.terminate();
      } else {
        const call = message.id === undefined ? undefined : pending.get(message.id);
        if (!call) return;
        pending.delete(message.id!);
        if (pending.size === 0) worker.unref();
        if (message.type === 'failed') call.reject(new Error(message.message));
        else call.resolve(Array.from({ length: call.count }, (_, i) => message.rows.subarray(i * dimensions, (i + 1) * dimensions)));
      }
    });
  });
}
