import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readConfig } from '../../src/config.js';
import { buildIndex } from '../../src/index/build.js';
import { readIndex } from '../../src/index/store.js';
import { loadNotes } from '../../src/notes/load.js';
import { fakeEmbedder } from '../support/fake-embedder.js';
import { CORPUS, tempDir } from '../support/paths.js';

describe('the compact index on disk', () => {
  it('round-trips every passage, vector and array exactly', async () => {
    const indexDir = await tempDir();
    const { notes, passages } = await loadNotes(CORPUS, 'https://dev.heng.lu/');
    const { index } = await buildIndex({ indexDir, passages, notes: notes, embedder: fakeEmbedder() });
    const stored = (await readIndex(indexDir))!;
    expect(stored.generation).toBe(index.generation);
    expect(stored.data.passages).toEqual(index.data.passages);
    expect(stored.notes).toEqual(JSON.parse(JSON.stringify(notes)));
    expect(stored.data.dims).toBe(32);
    // Bit for bit: float32 rows, not numbers printed and parsed again.
    expect(Buffer.from(stored.data.vectors.buffer, stored.data.vectors.byteOffset, stored.data.vectors.byteLength)).toEqual(
      Buffer.from(index.data.vectors.buffer, index.data.vectors.byteOffset, index.data.vectors.byteLength),
    );
    expect(stored.data.lexical).toEqual(index.data.lexical);
    expect(stored.data.hidden).toEqual(index.data.hidden);
  });

  it('keeps the vectors in a Vectra index that Vectra itself can open and query', async () => {
    const indexDir = await tempDir();
    const { notes, passages } = await loadNotes(CORPUS, 'https://dev.heng.lu/');
    const embedder = fakeEmbedder();
    const { index } = await buildIndex({ indexDir, passages, notes: notes, embedder });
    const { LocalIndex } = await import('vectra');
    const { Float32Codec } = await import('../../src/index/vector-codec.js');
    const vectra = new LocalIndex(path.join(indexDir, index.generation), undefined, undefined, new Float32Codec());
    const items = await vectra.listItems();
    expect(items.map((i) => i.id)).toEqual(passages.map((p) => p.id));
    const [question] = await embedder.embed([passages[3]!.text]);
    const [best] = await vectra.queryItems(Array.from(question!), '', 1);
    expect(best!.item.id).toBe(passages[3]!.id);
    expect((await readFile(path.join(indexDir, index.generation, 'index.f32'))).subarray(0, 4).toString()).toBe('NBV1');
  });

  it('after one note changes, keeps every other passage as it was: its vector and its terms', async () => {
    const config = readConfig({}, { NOTES_DIR: CORPUS, INDEX_DIR: await tempDir() });
    const { notes, passages } = await loadNotes(config.notesDir, config.baseUrl);
    const embedder = fakeEmbedder();
    const before = (await buildIndex({ indexDir: config.indexDir, passages, notes: notes, embedder })).index;
    const changed = passages.map((p) => (p.noteId === 'holding-periods' ? { ...p, id: `${p.id}-edited`, text: `${p.text} Edited.` } : p));
    const calls = embedder.texts.length;
    const report = await buildIndex({ indexDir: config.indexDir, passages: changed, notes: notes, embedder });
    const edited = passages.filter((p) => p.noteId === 'holding-periods').length;
    expect(report.embedded).toBe(edited);
    expect(embedder.texts.length - calls).toBe(edited);
    const after = report.index;
    const row = (data: typeof before.data, i: number) => Array.from(data.vectors.subarray(i * data.dims, (i + 1) * data.dims));
    const termsOf = (data: typeof before.data, i: number) => {
      const { contentStarts, contentIds, bm25 } = data.lexical;
      return [...contentIds.subarray(contentStarts[i], contentStarts[i + 1])].map((t) => bm25.terms[t]).sort();
    };
    passages.forEach((p, i) => {
      if (p.noteId === 'holding-periods') return;
      expect(after.data.passages[i]).toBe(changed[i]);
      expect(row(after.data, i)).toEqual(row(before.data, i));
      expect(termsOf(after.data, i)).toEqual(termsOf(before.data, i));
    });
  });
});
