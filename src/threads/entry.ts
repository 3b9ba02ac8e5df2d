import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

/**
 * How to start a worker thread on a module beside the caller (`./name`, no extension): run from
 * TypeScript sources (development, tests), the thread registers tsx's loader first; compiled
 * (npm start, the image), it runs the JavaScript file as it is.
 */
export function threadEntry(name: string, caller: string): { script: string | URL; eval: boolean } {
  const extension = caller.slice(caller.lastIndexOf('.'));
  const entry = new URL(`${name}${extension}`, caller);
  if (extension === '.js') return { script: entry, eval: false };
  // Node 20 gives a worker no module hooks (neither --import nor module.register): tsx's
  // require hook does the job, loading the sources as CommonJS.
  const tsx = createRequire(caller).resolve('tsx/cjs/api');
  return { script: `require(${JSON.stringify(tsx)}).register(); require(${JSON.stringify(fileURLToPath(entry))});`, eval: true };
}
