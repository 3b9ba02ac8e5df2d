import { describe, expect, it } from 'vitest';
import { createDenseIndex } from '../../src/search/dense.js';

function unitRows(rows: number, dims: number, seed: number): Float32Array {
  let s = seed;
  const next = () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648) * 2 - 1;
  const m = new Float32Array(rows * dims).map(next);
  for (let r = 0; r < rows; r++) {
    const row = m.subarray(r * dims, (r + 1) * dims);
    const norm = Math.hypot(...row);
    row.forEach((x, d) => (row[d] = x / norm));
  }
  return m;
}

describe('dense scores', () => {
  it("is every passage's dot product with the question, row by row", async () => {
    const dims = 24;
    const matrix = unitRows(300, dims, 3);
    const query = unitRows(1, dims, 9);
    const scores = await createDenseIndex(matrix, dims).scores(query);
    expect(scores).toHaveLength(300);
    for (let r = 0; r < 300; r++) {
      let dot = 0;
      for (let d = 0; d < dims; d++) dot += matrix[r * dims + d]! * query[d]!;
      expect(scores[r]).toBeCloseTo(dot, 5);
    }
  });

  it("ranks a passage's own vector first, with a cosine of 1", async () => {
    const dims = 16;
    const matrix = unitRows(50, dims, 5);
    const scores = await createDenseIndex(matrix, dims).scores(matrix.slice(17 * dims, 18 * dims));
    expect(scores.indexOf(Math.max(...scores))).toBe(17);
    expect(scores[17]).toBeCloseTo(1, 5);
  });

  it('scores nothing when there are no vectors', async () => {
    expect(await createDenseIndex(new Float32Array(0), 0).scores(new Float32Array(8))).toHaveLength(0);
  });
});
