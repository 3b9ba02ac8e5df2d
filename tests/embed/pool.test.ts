import { mean_pooling, pipeline, Tensor } from '@huggingface/transformers';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadTransformersEmbedder } from '../../src/embed/embedder.js';
import { poolTokens } from '../../src/embed/pool.js';
import { tempDir, TINY_MODEL } from '../support/paths.js';

/** A batch of random token vectors, each text padded after a random number of real tokens. */
function batch(texts: number, tokens: number, width: number, seed = 7) {
  let state = seed;
  const random = () => ((state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31) * 2 - 1;
  const data = Float32Array.from({ length: texts * tokens * width }, random);
  const lengths = Array.from({ length: texts }, (_, t) => (t === 0 ? tokens : 1 + Math.floor(Math.abs(random()) * tokens)));
  const mask = BigInt64Array.from({ length: texts * tokens }, (_, i) => (i % tokens < lengths[Math.floor(i / tokens)]! ? 1n : 0n));
  return { data, dims: [texts, tokens, width], mask };
}

const rows = (t: Tensor) => {
  const [n, width] = t.dims as [number, number];
  return Array.from({ length: n }, (_, i) => Array.from((t.data as Float32Array).slice(i * width, (i + 1) * width)));
};

const expectClose = (actual: Float32Array[], expected: number[][]) => {
  expect(actual).toHaveLength(expected.length);
  actual.forEach((v, i) => v.forEach((x, k) => expect(x).toBeCloseTo(expected[i]![k]!, 6)));
};

describe('pooling token vectors', () => {
  it('gives what transformers.js gives: the mean of the real tokens, scaled to length 1', () => {
    const { data, dims, mask } = batch(5, 9, 16);
    const expected = mean_pooling(new Tensor('float32', data, dims), new Tensor('int64', mask, dims.slice(0, 2))).normalize(2, -1);
    expectClose(poolTokens({ data, dims }, mask, 'mean'), rows(expected));
  });

  it('takes the first token for cls pooling, padding or not', () => {
    const { data, dims, mask } = batch(4, 6, 8);
    const expected = new Tensor('float32', data, dims).slice(null, 0).normalize(2, -1);
    expectClose(poolTokens({ data, dims }, mask, 'cls'), rows(expected));
  });

  it('gives zeros, never NaN, for a text with no token or no finite vector', () => {
    const data = Float32Array.from([1, 2, NaN, 0, 3, 4]);
    const [empty, broken, real] = poolTokens({ data: data, dims: [3, 1, 2] }, [0n, 1n, 1n], 'mean');
    expect(Array.from(empty!)).toEqual([0, 0]);
    expect(Array.from(broken!)).toEqual([0, 0]);
    expect(Array.from(real!)).toEqual([0.6000000238418579, 0.800000011920929]);
  });

  it('embeds as the feature-extraction pipeline does, with the bundled model', async () => {
    const texts = ['Do registries have legal authority?', 'IPv4 is a scarce asset worth far more than today’s price.', 'hi'];
    const embedder = await loadTransformersEmbedder(TINY_MODEL, await tempDir());
    // The embedder has pointed transformers.js at the folder the bundled model is in.
    const extract = await pipeline('feature-extraction', path.basename(TINY_MODEL), { dtype: 'q8', device: 'cpu', local_files_only: true });
    const expected = await extract(texts, { pooling: 'mean', normalize: true });
    expectClose(await embedder.embed(texts), rows(expected));
  });
});
