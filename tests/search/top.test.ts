import { describe, expect, it } from 'vitest';
import { mean, topIndexes } from '../../src/search/top.js';

describe('top-k selection', () => {
  it('returns the indexes of the k largest scores, best first', () => {
    const scores = Float32Array.from([0.1, 0.9, 0.3, 0.7, 0.5, 0.2]);
    expect(topIndexes(scores, 3)).toEqual([1, 3, 4]);
    expect(topIndexes(scores, 10)).toEqual([1, 3, 4, 2, 5, 0]);
    expect(topIndexes(scores, 0)).toEqual([]);
  });

  it('agrees with a full sort on random data', () => {
    const scores = Array.from({ length: 2000 }, (_, i) => (Math.sin(i * 12.9898) * 43758.5453) % 1);
    const sorted = scores
      .map((s, i) => [s, i] as const)
      .sort((a, b) => b[0] - a[0])
      .slice(0, 50)
      .map(([, i]) => i);
    expect(topIndexes(scores, 50)).toEqual(sorted);
  });

  it('picks the best among the given indexes only, and averages', () => {
    const scores = Float32Array.from([0.1, 0.9, 0.3, 0.7, 0.5, 0.2]);
    expect(topIndexes(scores, 2, [0, 2, 4, 5])).toEqual([4, 2]);
    expect(topIndexes(scores, 5, [5, 0])).toEqual([5, 0]);
    expect(mean([1, 2, 3, 6])).toBe(3);
  });
});
