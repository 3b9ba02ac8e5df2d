/**
 * The embedding thread (worker_threads): loads the model the answering thread chose and embeds
 * its questions and sentences. Started by embedding-thread.ts.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { Config } from '../config.js';
import { ModelUnavailableError, transformersLoader } from './embedder.js';
import type { FromEmbeddingThread, ToEmbeddingThread } from './embedding-thread.js';

const { config, spec } = workerData as { config: Config; spec: string };
const port = parentPort!;
const send = (message: FromEmbeddingThread, transfer: ArrayBuffer[] = []) => port.postMessage(message, transfer);

// No top-level await: run from the sources, this file is loaded as CommonJS (thread-entry.ts).
transformersLoader(config)(spec).then(
  (embedder) => {
    port.on('message', ({ id, texts, kind }: ToEmbeddingThread) => {
      embedder.embed(texts, kind).then(
        (vectors) => {
          // One array for all: each vector's own buffer would be one transfer each.
          const rows = new Float32Array(vectors.length * embedder.dimensions);
          vectors.forEach((v, i) => rows.set(v, i * embedder.dimensions));
          send({ type: 'vectors', id, rows }, [rows.buffer]);
        },
        (error: unknown) => send({ type: 'failed', id, message: (error as Error).message }),
      );
    });
    send({ type: 'ready', model: embedder.model, dimensions: embedder.dimensions });
  },
  (error: unknown) => {
    if (!(error instanceof ModelUnavailableError)) throw error;
    send({ type: 'unavailable', message: error.message });
  },
);
