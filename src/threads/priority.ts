import { readlinkSync } from 'node:fs';
import { getPriority, setPriority } from 'node:os';
import path from 'node:path';

/**
 * Makes the calling thread nicer by `by` (at most 19): Linux keeps a nice value per thread, which
 * the threads it starts later (ONNX Runtime's pool) inherit. Throws where there is no
 * /proc/thread-self or the change is refused: the thread then keeps the process's priority.
 */
export function lowerThreadPriority(by: number): void {
  const thread = Number(path.basename(readlinkSync('/proc/thread-self')));
  setPriority(thread, Math.min(19, getPriority(thread) + by));
}
