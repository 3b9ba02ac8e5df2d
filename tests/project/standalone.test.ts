import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BUNDLED_MODEL_DIR } from '../../src/embed/bundled.js';
import { ROOT } from '../support/paths.js';

/** Folders that are not the project's own files: installed, built or generated. */
const NOT_OURS = new Set(['node_modules', 'dist', '.git', '.index', '.cache']);

async function projectFiles(dir = ROOT): Promise<string[]> {
  const files: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (NOT_OURS.has(entry.name)) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) files.push(...(await projectFiles(full)));
    else if (entry.isFile()) files.push(full);
  }
  return files;
}

describe('a fresh clone stands on its own', () => {
  it('no project file outside the docs refers to the folder beside the checkout', async () => {
    // Spelled in two parts so that this file does not name it either.
    const outside = ['..', 'shared'].join('/');
    const offenders: string[] = [];
    for (const file of await projectFiles()) {
      if (file.endsWith('.md')) continue;
      const bytes = await readFile(file);
      if (bytes.includes(outside)) offenders.push(path.relative(ROOT, file));
    }
    expect(offenders).toEqual([]);
  });

  it('carries the bundled model with its licence and provenance, inside the repository', async () => {
    expect(path.relative(ROOT, BUNDLED_MODEL_DIR)).toBe(path.join('models', 'model2vec-bge-base-en-v1.5-pca64-vq128'));
    const files = await readdir(BUNDLED_MODEL_DIR, { recursive: true });
    for (const file of ['config.json', 'tokenizer.json', 'onnx/model_quantized.onnx', 'LICENSE.model2vec-rs', 'MODEL_CARD.md', 'README.md']) {
      expect(files).toContain(file);
    }
    expect(await readFile(path.join(BUNDLED_MODEL_DIR, 'LICENSE.model2vec-rs'), 'utf8')).toMatch(/MIT License/);
  });
});
