import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

// Run from TypeScript sources (development, tests), a thread registers tsx's loader first;
// compiled (npm start, the image), it runs the JavaScript file as it is.
const EXTENSION = path.extname(fileURLToPath(import.meta.url));

/**
 * How to start a worker thread (worker_threads) on one of this project's modules, given its URL
 * without the extension. Node 20 gives a worker no module hooks (neither --import nor
 * module.register): from the sources, tsx's require hook does the job, loading them as CommonJS.
 */
export function threadEntry(module: URL): { script: string | URL; eval: boolean } {
  const entry = new URL(`${module.href}${EXTENSION}`);
  if (EXTENSION === '.js') return { script: entry, eval: false };
  const tsx = createRequire(import.meta.url).resolve('tsx/cjs/api');
  return { script: `require(${JSON.stringify(tsx)}).register(); require(${JSON.stringify(fileURLToPath(entry))});`, eval: true };
}
