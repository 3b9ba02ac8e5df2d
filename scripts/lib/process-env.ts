/**
 * What the bot's own start sets in its environment (package.json's start script, the
 * Dockerfile), for the processes the benchmarks time. glibc's malloc keeps a heap per thread, and
 * memory the indexing thread frees (ONNX Runtime's tensors, the keyword segments of an index
 * replaced) stays in that thread's heaps: at 10,000 passages, two arenas took the peak through two
 * full re-indexes from 438-477 MB to 433 MB (five interleaved runs against one).
 */
export const BOT_ENV = { MALLOC_ARENA_MAX: '2' } as const;
