import { rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { rowBytes, SentenceRows, sentenceRowsFile, SentenceStore } from '../../src/index/sentence-rows.js';
import { prng } from '../../scripts/lib/generated-corpus.js';
import { tempDir } from '../support/paths.js';

function unitVectors(count: number, dims: number, seed: number): Float32Array[] {
  const random = prng(seed);
  return Array.from({ length: count }, () => {
    const v = Float32Array.from({ length: dims }, () => random() * 2 - 1);
    const norm = Math.hypot(...v);
    return v.map((x) => x / norm);
  });
}

const dot = (a: Float32Array, b: Float32Array) => a.reduce((s, x, i) => s + x * b[i]!, 0);

async function fileOf(parts: Uint8Array[]): Promise<string> {
  const file = path.join(await tempDir(), 'sentences.bin');
  await writeFile(file, parts);
  return file;
}

const written = async (parts: Uint8Array[]): Promise<SentenceRows> => SentenceRows.open(await fileOf(parts));

describe('sentence rows', () => {
  it.each([64, 384, 10])('keep every passage’s sentences in 8 bits, in order, at %i dimensions: cosines within 0.01', async (dims) => {
    const passages = [unitVectors(7, dims, 1), [], unitVectors(1, dims, 2), unitVectors(3, dims, 3)];
    const rows = await written(
      sentenceRowsFile(
        passages.map((vectors) => ({ vectors })),
        dims,
      ),
    );
    const [question] = unitVectors(1, dims, 9);
    expect(rows.passages).toBe(4);
    for (const [i, sentences] of passages.entries()) {
      const read = await rows.vectors(i);
      expect(read).toHaveLength(sentences.length);
      read.forEach((v, j) => {
        const largest = Math.max(...sentences[j]!.map(Math.abs));
        v.forEach((x, k) => expect(Math.abs(x - sentences[j]![k]!)).toBeLessThanOrEqual(largest / 254 + 1e-7));
        expect(Math.abs(dot(v, question!) - dot(sentences[j]!, question!))).toBeLessThan(0.01);
      });
    }
  });

  it('copies a kept passage’s rows into another file as they are: quantized once', async () => {
    const dims = 64;
    const first = await written(sentenceRowsFile([{ vectors: unitVectors(4, dims, 5) }, { vectors: unitVectors(2, dims, 6) }], dims));
    const [kept] = (await first.rowsOf(1, 2)) as [{ rows: Uint8Array; count: number }];
    expect(kept.count).toBe(2);
    expect(kept.rows.length).toBe(2 * rowBytes(dims));
    const second = await written(sentenceRowsFile([{ vectors: unitVectors(3, dims, 7) }, kept], dims));
    expect((await second.rowsOf(1, 2))[0]!.rows).toEqual(kept.rows);
    expect(await second.vectors(1)).toEqual(await first.vectors(1));
    // A run of passages in one read: each one's rows as read alone.
    expect(await first.rowsOf(0, 2)).toEqual([...(await first.rowsOf(0, 1)), ...(await first.rowsOf(1, 2))]);
  });

  it('says which file is damaged: cut short, or not such a file', async () => {
    const dims = 64;
    const parts = sentenceRowsFile([{ vectors: unitVectors(3, dims, 8) }], dims);
    const bytes = Buffer.concat(parts);
    const dir = await tempDir();
    const short = path.join(dir, 'short.bin');
    await writeFile(short, bytes.subarray(0, bytes.length - 10));
    await expect(SentenceRows.open(short)).rejects.toThrow(/short\.bin is inconsistent: its rows do not fill it/);
    const other = path.join(dir, 'other.bin');
    await writeFile(other, Buffer.from('not sentence vectors at all'));
    await expect(SentenceRows.open(other)).rejects.toThrow(/other\.bin is not a sentence vector file/);
  });

  it('refuses rows of the wrong size or vectors of the wrong dimensions', () => {
    expect(() => sentenceRowsFile([{ vectors: unitVectors(1, 32, 1) }], 64)).toThrow(/passage 0's sentence 0 has 32 dimensions, not 64/);
    expect(() => sentenceRowsFile([{ rows: new Uint8Array(10), count: 1 }], 64)).toThrow(/passage 0's rows are 10 bytes, not 1 rows of 68/);
  });
});

describe('an index’s sentence store', () => {
  it('finds each passage’s rows in the part that holds it, by its place among all passages', async () => {
    const dims = 16;
    const parts = [[unitVectors(2, dims, 1), unitVectors(1, dims, 2)], [unitVectors(3, dims, 3)], [[], unitVectors(2, dims, 4), unitVectors(1, dims, 5)]];
    const files = await Promise.all(
      parts.map((passages) =>
        fileOf(
          sentenceRowsFile(
            passages.map((vectors) => ({ vectors })),
            dims,
          ),
        ),
      ),
    );
    const store = await SentenceStore.open(files.map((file, k) => ({ file, passages: parts[k]!.length })));
    const all = parts.flat();
    expect(store.passages).toBe(6);
    for (const [i, sentences] of all.entries()) {
      const read = await store.vectors(i);
      expect(read).toHaveLength(sentences.length);
      read.forEach((v, j) => expect(dot(v, sentences[j]!)).toBeGreaterThan(0.99));
    }
    await expect(store.vectors(6)).rejects.toThrow(/no passage 6 among 6/);
    // Rows of passages across parts, one read per part: as read one by one.
    const oneByOne = [];
    for (let i = 1; i < 5; i++) oneByOne.push(...(await store.rowsOf(i, i + 1)));
    expect(await store.rowsOf(1, 5)).toEqual(oneByOne);
    // A part's file deleted (no generation uses it any more): its passages' reads fail, the others' do not.
    await rm(files[1]!);
    await expect(store.vectors(2)).rejects.toThrow(/ENOENT/);
    expect(await store.vectors(3)).toHaveLength(0);
  });

  it('refuses a part whose file holds another number of passages than the index says', async () => {
    const dims = 16;
    const file = await fileOf(sentenceRowsFile([{ vectors: unitVectors(1, dims, 1) }], dims));
    await expect(SentenceStore.open([{ file, passages: 2 }])).rejects.toThrow(/sentences\.bin is inconsistent: it holds 1 passages' sentences, not 2/);
  });
});
