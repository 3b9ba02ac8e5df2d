import { describe, expect, it } from 'vitest';
import { createDenseIndex, quantize, quantizeQuery } from '../../src/search/dense.js';

function random(seed: number): () => number {
  let s = seed;
  return () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648) * 2 - 1;
}

function normalise(row: Float32Array): Float32Array {
  const norm = Math.hypot(...row);
  return row.map((x) => x / norm);
}

function unitRows(rows: number, dims: number, seed: number): Float32Array {
  const next = random(seed);
  const m = new Float32Array(rows * dims);
  for (let r = 0; r < rows; r++) m.set(normalise(Float32Array.from({ length: dims }, next)), r * dims);
  return m;
}

const dot = (matrix: Float32Array, dims: number, row: number, query: Float32Array) => query.reduce((sum, q, d) => sum + q * matrix[row * dims + d]!, 0);

/** Every row's index, nearest the query first by exact dot product. */
const exactOrder = (matrix: Float32Array, dims: number, query: Float32Array) =>
  Array.from({ length: matrix.length / dims }, (_, r) => r).sort((a, b) => dot(matrix, dims, b, query) - dot(matrix, dims, a, query) || a - b);

describe('dense search', () => {
  it('finds the exact nearest passages, with exact cosines and their mean', async () => {
    const dims = 48;
    const matrix = unitRows(2000, dims, 3);
    const index = createDenseIndex(matrix, dims);
    for (const seed of [9, 10, 11, 12]) {
      const query = unitRows(1, dims, seed);
      const { nearest, cosine, mean } = await index.match(query, 20);
      expect(nearest).toEqual(exactOrder(matrix, dims, query).slice(0, 20));
      for (const r of [0, 777, 1999]) expect(cosine(r)).toBeCloseTo(dot(matrix, dims, r, query), 6);
      const all = Array.from({ length: 2000 }, (_, r) => dot(matrix, dims, r, query));
      expect(mean).toBeCloseTo(all.reduce((a, b) => a + b) / 2000, 6);
    }
  });

  it('orders near-ties the 8-bit scores cannot tell apart by their exact cosines', async () => {
    // Thirty copies of one direction, each nudged by far less than an 8-bit step, among others.
    const dims = 32;
    const base = unitRows(1, dims, 21);
    const nudge = random(22);
    const matrix = unitRows(500, dims, 23);
    for (let r = 100; r < 130; r++) matrix.set(normalise(base.map((x) => x + nudge() * 1e-4)), r * dims);
    const { nearest } = await createDenseIndex(matrix, dims).match(base, 10);
    expect(nearest).toEqual(exactOrder(matrix, dims, base).slice(0, 10));
    expect(nearest.every((r) => r >= 100 && r < 130)).toBe(true);
  });

  it("ranks a passage's own vector first, with a cosine of 1", async () => {
    const dims = 16;
    const matrix = unitRows(50, dims, 5);
    const { nearest, cosine } = await createDenseIndex(matrix, dims).match(matrix.slice(17 * dims, 18 * dims), 3);
    expect(nearest[0]).toBe(17);
    expect(cosine(17)).toBeCloseTo(1, 6);
  });

  it('finds nothing when there are no vectors', async () => {
    expect((await createDenseIndex(new Float32Array(0), 0).match(new Float32Array(8), 5)).nearest).toEqual([]);
  });
});

describe('8-bit vectors', () => {
  it('keeps each value within half a step, transposed dimension by dimension', async () => {
    const dims = 8;
    const matrix = unitRows(40, dims, 7);
    matrix[3 * dims + 5] = -0.9; // the largest value sets the step
    const { codes, scale, sums } = await quantize(matrix, dims);
    expect(scale).toBeCloseTo(0.9 / 127, 7);
    for (let r = 0; r < 40; r++) {
      for (let d = 0; d < dims; d++) expect(Math.abs(codes[d * 40 + r]! * scale - matrix[r * dims + d]!)).toBeLessThanOrEqual(scale / 2 + 1e-7);
      expect(sums[r]).toBe(Array.from({ length: dims }, (_, d) => codes[d * 40 + r]!).reduce((a, b) => a + b));
    }
  });

  it('scores a query as its dot products, up to a scale', async () => {
    const dims = 64;
    const matrix = unitRows(200, dims, 13);
    const query = unitRows(1, dims, 14);
    const { codes, scale } = await quantize(matrix, dims);
    const q = quantizeQuery(query);
    const approximate = Array.from({ length: 200 }, (_, r) => q.reduce((sum, x, d) => sum + (x - 128) * codes[d * 200 + r]!, 0));
    // One unit of the product: the query's step (its largest value over 127) times the vectors'.
    const unit = (Math.max(...query.map(Math.abs)) / 127) * scale;
    for (let r = 0; r < 200; r++) expect(Math.abs(approximate[r]! * unit - dot(matrix, dims, r, query))).toBeLessThan(0.01);
  });
});
