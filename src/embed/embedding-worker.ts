/**
 * The embedding thread (worker_threads): holds the model the answering thread uses and embeds what
 * it is sent, one request after another. Started by embedding-thread.ts.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { lowerThreadPriority } from '../threads/priority.js';
import { MODEL_THREADS } from '../threads/onnx-runtime.js';
import { NativeWork } from '../threads/stop.js';
import type { Config } from '../config.js';
import { ModelUnavailableError, transformersLoader } from './embedder.js';
import type { FromEmbeddingThread, ToEmbeddingThread } from './embedding-protocol.js';

const { config, spec } = workerData as { config: Config; spec: string };
const port = parentPort!;
const send = (message: FromEmbeddingThread) => port.postMessage(message);

/**
 * When both want a core, the answering thread takes in the interactions that arrive (their
 * deferrals are due within Discord's 3 seconds) before this one embeds their questions; the
 * answers wait for the vectors either way. Where it is refused, the thread keeps the process's
 * priority.
 */
try {
  lowerThreadPriority(5);
} catch {
  // As the process.
}

/** Loading and running the model: a stop waits for the call in progress and refuses the rest. */
const work = new NativeWork();
// No top-level await: from the sources, tsx loads this file as CommonJS.
const load = transformersLoader(config, MODEL_THREADS);
const loaded = work.run(() => load(spec));
// In the order asked: a question's vector is not held up by the quotes of those asked after it.
let queue = Promise.resolve();

// Listening from the start: the owner may ask the thread to stop while it still loads its model
// (embeds come only once it has said it is ready).
port.on('message', (message: ToEmbeddingThread) => {
  if (message.type === 'stop') return void work.stop().then(() => send({ type: 'stopped' }));
  const { id, texts, kind } = message;
  queue = queue.then(() =>
    work
      .run(async () => (await loaded).embed(texts, kind))
      .then(
        (vectors) => send({ type: 'vectors', id, vectors }),
        (error: unknown) => send({ type: 'failed', id, message: (error as Error).message }),
      ),
  );
});

loaded.then(
  (embedder) => send({ type: 'ready', model: embedder.model, dimensions: embedder.dimensions }),
  (error: unknown) => {
    send({ type: 'not-loaded', message: (error as Error).message, unavailable: error instanceof ModelUnavailableError });
    port.close();
  },
);
