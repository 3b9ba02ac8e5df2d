import { cp } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadTransformersEmbedder, ModelUnavailableError } from '../../src/embed/embedder.js';
import { tempDir, TINY_MODEL } from '../support/paths.js';

const norm = (v: Float32Array) => Math.hypot(...v);
const dot = (a: Float32Array, b: Float32Array) => a.reduce((s, x, i) => s + x * b[i]!, 0);

describe('the transformers.js embedder', () => {
  it('loads a local model folder and embeds in batches into unit vectors', async () => {
    const embedder = await loadTransformersEmbedder(TINY_MODEL, await tempDir());
    expect(embedder.dimensions).toBe(64);
    const texts = Array.from({ length: 70 }, (_, i) => `IPv4 address block number ${i} is scarce`);
    const vectors = await embedder.embed(['IPv4 addresses are scarce', 'there are not enough IP addresses left', 'I like pizza', ...texts]);
    expect(vectors).toHaveLength(73);
    for (const v of vectors) expect(norm(v)).toBeCloseTo(1, 4);
    expect(dot(vectors[0]!, vectors[1]!)).toBeGreaterThan(dot(vectors[0]!, vectors[2]!) + 0.3);
  });

  it('never returns NaN: a text the model cannot represent becomes a zero vector', async () => {
    const embedder = await loadTransformersEmbedder(TINY_MODEL, await tempDir());
    const [invisible, empty, real] = await embedder.embed(['\u200b\u200b\u200b', '', 'registries hold no authority']);
    for (const v of [invisible!, empty!]) expect(Array.from(v)).toEqual(new Array(64).fill(0));
    expect(norm(real!)).toBeCloseTo(1, 4);
  });

  it('reads a model id from the cache without the network when downloads are off', async () => {
    // The layout a build-time download leaves: <cache>/<owner>/<name>/...
    const cache = await tempDir();
    await cp(TINY_MODEL, path.join(cache, 'Xenova', 'tiny-test-model'), { recursive: true });
    const embedder = await loadTransformersEmbedder('Xenova/tiny-test-model', cache, false);
    expect(embedder.dimensions).toBe(64);
  });

  it('says clearly when a model cannot be had', async () => {
    await expect(loadTransformersEmbedder('Xenova/not-in-the-cache', await tempDir(), false)).rejects.toThrow(ModelUnavailableError);
    await expect(loadTransformersEmbedder('/nonexistent/model', await tempDir())).rejects.toThrow(/EMBEDDING_MODEL: no model folder at \/nonexistent\/model/);
  });
});
