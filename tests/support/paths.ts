import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { BUNDLED_MODEL_DIR } from '../../src/embed/bundled.js';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const CORPUS = path.join(ROOT, 'tests/fixtures/corpus');
/** The small real model that ships in models/: tests load it for real, offline. */
export const TINY_MODEL = BUNDLED_MODEL_DIR;

export function tempDir(prefix = 'notes-bot-test-'): Promise<string> {
  return mkdtemp(path.join(os.tmpdir(), prefix));
}
