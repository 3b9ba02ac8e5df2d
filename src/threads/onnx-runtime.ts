import { availableParallelism } from 'node:os';

/**
 * ONNX Runtime's session options for every session the bot makes (`extra`: its config entries).
 * After each run its pool threads spin, waiting for the next, by default: one dense search at
 * 10,000 × 64 took 0.3 ms and kept a second core busy for 3 ms of CPU; a MiniLM-sized question
 * 1.5 ms and 5.8 ms of CPU. On a small machine that core is the one the other threads, and the
 * other processes, answer with. Without spinning the pool's threads sleep between runs: the same
 * search costs 0.5 ms of CPU, at the same speed (100,000 × 384 too, where one thread was 70%
 * slower).
 */
export const NO_SPINNING = { session: { intra_op: { allow_spinning: '0' }, inter_op: { allow_spinning: '0' } } };

/**
 * ONNX Runtime's threads for a model on a thread of its own (embedding, indexing): all cores but
 * one, which is left to the answering thread. With both cores of this machine, a burst of
 * questions' embeddings took the core the answering thread takes their interactions in with.
 */
export const MODEL_THREADS = Math.max(1, availableParallelism() - 1);
