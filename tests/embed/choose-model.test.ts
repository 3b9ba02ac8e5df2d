import { cp, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readConfig } from '../../src/config.js';
import { BUNDLED_MODEL_ID } from '../../src/embed/bundled.js';
import { chooseModel } from '../../src/embed/choose-model.js';
import { loadTransformersEmbedder, ModelUnavailableError } from '../../src/embed/embedder.js';
import type { Log } from '../../src/log/log.js';
import { prepare } from '../../src/prepare.js';
import { CORPUS, tempDir, TINY_MODEL } from '../support/paths.js';

function recordingLog(): Log & { warnings: string[] } {
  const warnings: string[] = [];
  return { warnings, debug: () => {}, info: () => {}, warn: (m) => warnings.push(m), error: (m) => warnings.push(m) };
}

/** The real loader with downloads off: a model id that is not in the cache cannot be had. */
const offline = async (spec: string) => loadTransformersEmbedder(spec, await tempDir(), false);

describe('choosing the model: configured, else bundled, else keywords', () => {
  it('uses the configured model when it loads', async () => {
    const log = recordingLog();
    const chosen = await chooseModel(TINY_MODEL, { log, load: offline });
    expect(chosen.embedder?.model).toBe(TINY_MODEL);
    expect(chosen.fallback).toBeUndefined();
    expect(log.warnings).toEqual([]);
  });

  it('falls back to the bundled model when the configured one cannot be had, saying so once with the settings that fix it', async () => {
    const log = recordingLog();
    const chosen = await chooseModel('Xenova/all-MiniLM-L6-v2', { log, load: offline });
    expect(chosen.fallback).toMatchObject({ to: 'bundled', reason: expect.stringContaining('Xenova/all-MiniLM-L6-v2') });
    expect(chosen.embedder).toMatchObject({ model: BUNDLED_MODEL_ID, dimensions: 64 });
    const [vector] = await chosen.embedder!.embed(['IPv4 addresses are scarce']);
    expect(vector).toHaveLength(64);
    expect(log.warnings).toHaveLength(1);
    expect(log.warnings[0]).toMatch(/bundled small model/);
    expect(log.warnings[0]).toMatch(/EMBEDDING_MODEL/);
    expect(log.warnings[0]).toMatch(/ALLOW_MODEL_DOWNLOAD/);
  });

  it('falls back to keywords when the bundled model is missing or broken too', async () => {
    const broken = await tempDir();
    await writeFile(path.join(broken, 'config.json'), '{"model_type": "bert"}');
    for (const bundledDir of ['/nonexistent/bundled', broken]) {
      const log = recordingLog();
      const chosen = await chooseModel('/nonexistent/configured', { log, load: offline, bundledDir });
      expect(chosen.embedder).toBeUndefined();
      expect(chosen.fallback).toMatchObject({ to: 'keywords', reason: expect.stringContaining('/nonexistent/configured') });
      expect(log.warnings).toHaveLength(1);
      expect(log.warnings[0]).toMatch(/keyword search only/);
    }
  });

  it('does not fall back when the model is required, nor on an error that is not about the model', async () => {
    await expect(chooseModel('/nonexistent/configured', { log: recordingLog(), load: offline, requireModel: true })).rejects.toThrow(ModelUnavailableError);
    const bug = async () => {
      throw new TypeError('a bug, not a missing model');
    };
    await expect(chooseModel(TINY_MODEL, { log: recordingLog(), load: bug })).rejects.toThrow(TypeError);
  });
});

describe('an index built with the fallback', () => {
  it('is hybrid, and is rebuilt with the configured model once that model can be had', async () => {
    const cache = await tempDir();
    const settings = {
      NOTES_DIR: CORPUS,
      INDEX_DIR: await tempDir(),
      MODEL_CACHE_DIR: cache,
      EMBEDDING_MODEL: 'Xenova/not-yet-here',
      ALLOW_MODEL_DOWNLOAD: 'false',
    };
    const config = readConfig({}, settings);

    const first = await prepare(config, { log: recordingLog() });
    expect(first.engine.mode).toBe('hybrid');
    expect(first.build!.index.manifest.model).toBe(BUNDLED_MODEL_ID);

    // The model arrives in the cache, as a download or a build step would leave it.
    await mkdir(path.join(cache, 'Xenova'), { recursive: true });
    await cp(TINY_MODEL, path.join(cache, 'Xenova', 'not-yet-here'), { recursive: true });
    const log = recordingLog();
    const second = await prepare(config, { log });
    expect(second.fallback).toBeUndefined();
    expect(log.warnings.filter((w) => /model/.test(w))).toEqual([]);
    expect(second.build!.index.manifest.model).toBe('Xenova/not-yet-here');
    expect(second.build!.rebuiltBecause).toMatch(/the model changed/);
    expect(second.build!.embedded).toBe(second.engine.passages.length);
  });
});
