import { describe, expect, it } from 'vitest';
import { jsonArrayParts } from '../../src/index/json-parts.js';

describe('jsonArrayParts', () => {
  it('gives the bytes of JSON.stringify, whatever the number of items per part', () => {
    const item = (i: number) => ({ id: `p${i}`, text: `“Quoted” text ${i}, with "escapes" \\ and\nlines`, n: i, nested: [i, { ok: i % 2 === 0 }] });
    for (const count of [0, 1, 2, 3, 5, 8]) {
      const items = Array.from({ length: count }, (_, i) => item(i));
      for (const per of [1, 2, 3, 500]) {
        const bytes = Buffer.concat(jsonArrayParts(items, per));
        expect(bytes.toString('utf8')).toBe(JSON.stringify(items));
        expect(JSON.parse(bytes.toString('utf8'))).toEqual(items);
      }
    }
  });

  it('cuts a long list into parts of the size asked', () => {
    expect(
      jsonArrayParts(
        Array.from({ length: 7 }, (_, i) => i),
        3,
      ).map((b) => b.toString()),
    ).toEqual(['[0,1,2', ',3,4,5', ',6', ']']);
  });
});
