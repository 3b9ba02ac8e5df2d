import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readConfig } from '../../src/config.js';
import { buildIndex } from '../../src/index/build.js';
import { FORMAT, openSentences, readIndex, type PartEntry } from '../../src/index/store.js';
import { embeddingInput, sentenceInputs } from '../../src/embed/input.js';
import { loadNotes } from '../../src/notes/load.js';
import type { Passage } from '../../src/notes/passages.js';
import type { PartSizes } from '../../src/index/parts.js';
import { openLexicalIndex } from '../../src/search/lexical.js';
import { describeLexical } from '../support/lexical-data.js';
import { fakeEmbedder } from '../support/fake-embedder.js';
import { CORPUS, tempDir } from '../support/paths.js';

/** Parts of a few notes each, so that the test corpus (40 passages) fills several. */
const SMALL_PARTS: PartSizes = { min: 4, every: 2, max: 12 };

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
    // The same keyword index, in strings: the ids are the reader's own (see joinSegments).
    expect(describeLexical(stored.data.lexical)).toEqual(describeLexical(index.data.lexical));
    expect(stored.data.lexical.averageLength).toBe(index.data.lexical.averageLength);
    const scores = (data: typeof index.data) => openLexicalIndex(data.lexical).search('registry authority ICP-2').scores;
    expect(scores(stored.data)).toEqual(scores(index.data));
    expect(stored.data.hidden).toEqual(index.data.hidden);
  });

  it('keeps the vectors in a Vectra index that Vectra itself can open and query', async () => {
    const indexDir = await tempDir();
    const { notes, passages } = await loadNotes(CORPUS, 'https://dev.heng.lu/');
    const embedder = fakeEmbedder();
    const { index } = await buildIndex({ indexDir, passages, notes: notes, embedder });
    // The test corpus (40 passages) is smaller than a part.
    expect(index.manifest.parts).toHaveLength(1);
    const { LocalIndex } = await import('vectra');
    const { Float32Codec } = await import('../../src/index/vector-codec.js');
    const part = path.join(indexDir, 'parts', index.manifest.parts![0]!.key);
    const vectra = new LocalIndex(part, undefined, undefined, new Float32Codec());
    const items = await vectra.listItems();
    expect(items.map((i) => i.id)).toEqual(passages.map((p) => p.id));
    const [question] = await embedder.embed([passages[3]!.text]);
    const [best] = await vectra.queryItems(Array.from(question!), '', 1);
    expect(best!.item.id).toBe(passages[3]!.id);
    expect((await readFile(path.join(part, 'index.f32'))).subarray(0, 4).toString()).toBe('NBV1');
  });

  it('after one note changes, keeps every other passage as it was: its vector, its terms and its sentences’ vectors', async () => {
    const config = readConfig({}, { NOTES_DIR: CORPUS, INDEX_DIR: await tempDir() });
    const { notes, passages } = await loadNotes(config.notesDir, config.baseUrl);
    const embedder = fakeEmbedder();
    const before = (await buildIndex({ indexDir: config.indexDir, passages, notes: notes, embedder })).index;
    const changed = passages.map((p) => (p.noteId === 'holding-periods' ? { ...p, id: `${p.id}-edited`, text: `${p.text} Edited.` } : p));
    const calls = embedder.texts.length;
    // Read before the build that replaces its only part.
    const sentencesBefore = await (await openSentences(config.indexDir, before.manifest))!.rowsOf(0, passages.length);
    const report = await buildIndex({ indexDir: config.indexDir, passages: changed, notes: notes, embedder });
    const editedPassages = changed.filter((p) => p.noteId === 'holding-periods');
    const edited = editedPassages.length;
    expect(report.embedded).toBe(edited);
    // Their passages, then their sentences: no other passage's.
    expect(embedder.texts.slice(calls)).toEqual([...editedPassages.map(embeddingInput), ...editedPassages.flatMap((p) => sentenceInputs(p.text))]);
    const sentencesAfter = (await openSentences(config.indexDir, report.index.manifest))!;
    const after = report.index;
    const row = (data: typeof before.data, i: number) => Array.from(data.vectors.subarray(i * data.dims, (i + 1) * data.dims));
    const termsOf = (data: typeof before.data, i: number) => {
      const { segments, strings } = data.lexical;
      let d = i;
      const segment = segments.find((s) => (d < s.bm25.lengths.length ? true : ((d -= s.bm25.lengths.length), false)))!;
      return [...segment.contentIds.subarray(segment.contentStarts[d], segment.contentStarts[d + 1])].map((t) => strings[t]).sort();
    };
    passages.forEach((p, i) => {
      if (p.noteId === 'holding-periods') return;
      expect(after.data.passages[i]).toBe(changed[i]);
      expect(row(after.data, i)).toEqual(row(before.data, i));
      expect(termsOf(after.data, i)).toEqual(termsOf(before.data, i));
    });
    for (const [i, p] of passages.entries()) {
      if (p.noteId !== 'holding-periods') expect((await sentencesAfter.rowsOf(i, i + 1))[0]).toEqual(sentencesBefore[i]);
    }
  });

  it('after one note changes, writes only the part that holds it (passages, vectors and keyword arrays) and removes the part it replaces', async () => {
    const indexDir = await tempDir();
    const { notes, passages } = await loadNotes(CORPUS, 'https://dev.heng.lu/');
    const embedder = fakeEmbedder();
    const build = (ps: Passage[]) => buildIndex({ indexDir, passages: ps, notes, embedder, partSizes: SMALL_PARTS });
    const before = (await build(passages)).index.manifest.parts!;
    expect(before.length).toBeGreaterThan(3);
    const files = async (key: string) =>
      Promise.all(['index.f32', 'passages.json', 'lexical.json', 'lexical.bin', 'sentences.bin'].map((f) => stat(path.join(indexDir, 'parts', key, f))));
    const stamps = new Map(await Promise.all(before.map(async (p) => [p.key, (await files(p.key)).map((s) => `${s.ino}:${s.mtimeMs}`)] as const)));

    const changed = passages.map((p) => (p.noteId === 'holding-periods' ? { ...p, id: `${p.id}-edited`, text: `${p.text} Edited.` } : p));
    const after = await build(changed);
    const parts = after.index.manifest.parts!;
    const fresh = parts.filter((p) => !stamps.has(p.key));
    expect(fresh).toHaveLength(1);
    for (const p of parts.filter((q) => stamps.has(q.key))) {
      expect((await files(p.key)).map((s) => `${s.ino}:${s.mtimeMs}`)).toEqual(stamps.get(p.key));
    }
    expect((await readdir(path.join(indexDir, 'parts'))).sort()).toEqual(parts.map((p) => p.key).sort());
    const stored = (await readIndex(indexDir))!;
    expect(stored.data.passages).toEqual(changed);
    expect(stored.data.vectors).toEqual(after.index.data.vectors);
    expect(describeLexical(stored.data.lexical)).toEqual(describeLexical(after.index.data.lexical));
  });

  it('writes again a part folder that a dead build left, rather than trusting it', async () => {
    const { notes, passages } = await loadNotes(CORPUS, 'https://dev.heng.lu/');
    const changed = passages.map((p) => (p.noteId === 'holding-periods' ? { ...p, id: `${p.id}-edited` } : p));
    // Where a build of the changed notes puts their part, a dead build left a damaged copy.
    const elsewhere = await tempDir();
    const target = (await buildIndex({ indexDir: elsewhere, passages: changed, notes, embedder: fakeEmbedder(), partSizes: SMALL_PARTS })).index;
    const indexDir = await tempDir();
    await buildIndex({ indexDir, passages, notes, embedder: fakeEmbedder(), partSizes: SMALL_PARTS });
    const known = new Set(await readdir(path.join(indexDir, 'parts')));
    const leftover = target.manifest.parts!.find((p) => !known.has(p.key))!;
    await mkdir(path.join(indexDir, 'parts', leftover.key));
    await writeFile(path.join(indexDir, 'parts', leftover.key, 'index.f32'), 'half-written');
    await mkdir(path.join(indexDir, 'parts', 'f'.repeat(32)));

    await buildIndex({ indexDir, passages: changed, notes, embedder: fakeEmbedder(), partSizes: SMALL_PARTS });
    const stored = (await readIndex(indexDir))!;
    expect(stored.data.passages).toEqual(changed);
    expect(await readdir(path.join(indexDir, 'parts'))).not.toContain('f'.repeat(32));
  });

  it('reads indexes of formats 4, 5 and 7 (SHA-256 checksums before 6; in 4, the passages and vectors in the generation; no sentence vectors before 8) and builds on them', async () => {
    const { notes, passages } = await loadNotes(CORPUS, 'https://dev.heng.lu/');
    const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
    const rehash = async (folder: string, checksums: Record<string, string>) =>
      Object.fromEntries(await Promise.all(Object.keys(checksums).map(async (file) => [file, sha256(await readFile(path.join(folder, file)))])));
    for (const format of [4, 5, 7]) {
      const indexDir = await tempDir();
      const { index } = await buildIndex({ indexDir, passages, notes, embedder: fakeEmbedder() });
      const generation = path.join(indexDir, index.generation);
      const [written] = index.manifest.parts as [PartEntry];
      const part = { ...written, checksums: Object.fromEntries(Object.entries(written.checksums).filter(([file]) => file !== 'sentences.bin')) };
      const partFolder = path.join(indexDir, 'parts', part.key);
      await rm(path.join(partFolder, 'sentences.bin'));
      const old: Record<string, unknown> = {
        ...index.manifest,
        format,
        checksums: format === 7 ? index.manifest.checksums : await rehash(generation, index.manifest.checksums),
      };
      if (format === 4) {
        // The layout format 4 wrote: the one part's files inside the generation, no parts in the manifest.
        for (const file of ['index.f32', 'passages.json']) await rename(path.join(partFolder, file), path.join(generation, file));
        await rm(path.join(indexDir, 'parts'), { recursive: true });
        old.checksums = { ...(old.checksums as object), ...(await rehash(generation, part.checksums)) };
        delete old.parts;
      } else old.parts = [format === 7 ? part : { ...part, checksums: await rehash(partFolder, part.checksums) }];
      await writeFile(path.join(generation, 'manifest.json'), JSON.stringify(old));

      const stored = (await readIndex(indexDir))!;
      expect(stored.manifest.format).toBe(format);
      expect(stored.data).toEqual(index.data);
      expect(await openSentences(indexDir, stored.manifest)).toBeUndefined();
      const changed = passages.map((p) => (p.noteId === 'holding-periods' ? { ...p, id: `${p.id}-edited` } : p));
      const report = await buildIndex({ indexDir, passages: changed, notes, embedder: fakeEmbedder() });
      expect(report.embedded).toBe(passages.filter((p) => p.noteId === 'holding-periods').length);
      // The upgrade embeds every passage's sentences once.
      expect(report.sentences).toEqual({ embedded: passages.length, copied: 0 });
      const upgraded = (await readIndex(indexDir))!;
      expect(upgraded.manifest.format).toBe(FORMAT);
      const sentences = (await openSentences(indexDir, upgraded.manifest))!;
      expect(sentences.passages).toBe(passages.length);
    }
  });

  it('refuses a manifest whose part name is not one it writes, rather than read outside the index', async () => {
    const indexDir = await tempDir();
    const { notes, passages } = await loadNotes(CORPUS, 'https://dev.heng.lu/');
    const { index } = await buildIndex({ indexDir, passages, notes, embedder: fakeEmbedder() });
    const file = path.join(indexDir, index.generation, 'manifest.json');
    const manifest = JSON.parse(await readFile(file, 'utf8')) as { parts: { key: string }[] };
    manifest.parts[0]!.key = '../../elsewhere';
    await writeFile(file, JSON.stringify(manifest));
    await expect(readIndex(indexDir)).rejects.toThrow(/inconsistent: "\.\.\/\.\.\/elsewhere" is not the name of a part/);
    // Nor are its sentence vectors opened there.
    await expect(openSentences(indexDir, { ...index.manifest, parts: manifest.parts as PartEntry[] })).rejects.toThrow(
      /inconsistent: "\.\.\/\.\.\/elsewhere" is not the name of a part/,
    );
  });
});
