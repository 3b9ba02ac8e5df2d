import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const CORPUS = path.join(ROOT, 'tests/fixtures/corpus');
/** The tiny real model that ../shared provides for offline runs and CI. */
export const TINY_MODEL = path.resolve(ROOT, '../shared/models/model2vec-bge-base-en-v1.5-pca64-vq128');

export function tempDir(prefix = 'notes-bot-test-'): Promise<string> {
  return mkdtemp(path.join(os.tmpdir(), prefix));
}
