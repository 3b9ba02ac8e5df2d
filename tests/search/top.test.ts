import { describe, expect, it } from 'vitest';
import { topIndexes } from '../../src/search/top.js';

describe('top-k selection', () => {
  it('returns the indexes of the k largest scores, best first', () => {
    const scores = Float32Array.from([0.1, 0.9, 0.3, 0.7, 0.5, 0.2]);
    expect(topIndexes(scores, 3)).toEqual([1, 3, 4]);
    expect(topIndexes(scores, 10)).toEqual([1, 3, 4, 2, 5, 0]);
    expect(topIndexes(scores, 0)).toEqual([]);
  });

  it('agrees with a full sort on random data, ties going to the lower index', () => {
    // Rounded to a few values so that many scores tie.
    const scores = Array.from({ length: 2000 }, (_, i) => Math.round(((Math.sin(i * 12.9898) * 43758.5453) % 1) * 20) / 20);
    const among = Array.from({ length: 700 }, (_, i) => (i * 37) % 2000);
    const sortedBy = (indexes: number[], k: number) => [...indexes].sort((a, b) => scores[b]! - scores[a]! || a - b).slice(0, k);
    for (const k of [1, 7, 50, 2000, 3000]) {
      expect(topIndexes(scores, k)).toEqual(sortedBy([...scores.keys()], k));
      expect(topIndexes(scores, k, among)).toEqual(sortedBy(among, k));
    }
  });

  it('picks the best among the given indexes only', () => {
    const scores = Float32Array.from([0.1, 0.9, 0.3, 0.7, 0.5, 0.2]);
    expect(topIndexes(scores, 2, [0, 2, 4, 5])).toEqual([4, 2]);
    expect(topIndexes(scores, 5, [5, 0])).toEqual([5, 0]);
  });
});
