import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { ROOT } from './paths.js';

/**
 * Compiles src/ to dist/ once before the tests: the Dockerfile's and `npm start`'s tests run the
 * compiled files, as production does.
 */
export default async function setup(): Promise<void> {
  await promisify(execFile)(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json'], { cwd: ROOT });
}
