import { spawn } from 'node:child_process';
import { cp, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildIndex, priorIndex } from '../../src/index/build.js';
import { FORMAT, readIndex } from '../../src/index/store.js';
import { loadNotes } from '../../src/notes/load.js';
import { openSearchEngine } from '../../src/search/engine.js';
import { fakeEmbedder } from '../support/fake-embedder.js';
import { CORPUS, ROOT, tempDir } from '../support/paths.js';

async function copyCorpus(): Promise<string> {
  const dir = await tempDir('notes-bot-notes-');
  await cp(CORPUS, dir, { recursive: true });
  return dir;
}

async function build(notesDir: string, indexDir: string, embedder = fakeEmbedder()) {
  const { notes, passages } = await loadNotes(notesDir, 'https://dev.heng.lu/');
  return { report: await buildIndex({ indexDir, passages, notes: notes, embedder }), embedder };
}

describe('incremental index', () => {
  it('embeds only what changed, deletes what was removed, and rebuilds for a new model', async () => {
    const notesDir = await copyCorpus();
    const indexDir = await tempDir();

    const first = await build(notesDir, indexDir);
    const total = first.report.index.data.passages.length;
    expect(total).toBeGreaterThan(10);
    expect(first.report.embedded).toBe(total);
    expect(first.embedder.texts).toHaveLength(total);

    const again = await build(notesDir, indexDir);
    expect(again.report.upToDate).toBe(true);
    expect(again.embedder.calls).toBe(0);

    const file = path.join(notesDir, 'holding-periods.md');
    await writeFile(file, (await readFile(file, 'utf8')).replace('Rule T-4 should be repealed.', 'Rule T-4 should be repealed at once.'));
    const edited = await build(notesDir, indexDir);
    expect(edited.report.embedded).toBe(1);
    expect(edited.embedder.texts).toHaveLength(1);
    expect(edited.embedder.texts[0]).toContain('repealed at once');
    expect(edited.report.removed).toBe(1);

    await rm(path.join(notesDir, 'lighthouse-keepers.md'));
    const removed = await build(notesDir, indexDir);
    expect(removed.embedder.texts).toHaveLength(0);
    expect(removed.report.removed).toBeGreaterThan(0);
    const stored = await readIndex(indexDir);
    expect(stored!.data.passages.some((p) => p.noteId === 'lighthouse-keepers')).toBe(false);
    expect(stored!.data.vectors).toHaveLength(stored!.data.passages.length * stored!.data.dims);

    const otherModel = await build(notesDir, indexDir, fakeEmbedder('another-model'));
    expect(otherModel.report.rebuiltBecause).toMatch(/model changed/);
    expect(otherModel.report.embedded).toBe(stored!.data.passages.length);
  });

  it("puts each kept and each new vector in its passage's row, as a build from nothing does", async () => {
    const notesDir = await copyCorpus();
    const indexDir = await tempDir();
    await build(notesDir, indexDir);
    // A changed passage in one note, a note gone, and a note new, between the others.
    const file = path.join(notesDir, 'holding-periods.md');
    await writeFile(file, (await readFile(file, 'utf8')).replace('Rule T-4 should be repealed.', 'Rule T-4 should be repealed at once.'));
    await rm(path.join(notesDir, 'lighthouse-keepers.md'));
    await writeFile(
      path.join(notesDir, 'aa-new.md'),
      '---\ntitle: A new note\ndate: 2025-03-01\n---\n\nA passage no index has seen.\n\nAnd a second one, after it.\n',
    );
    const incremental = await build(notesDir, indexDir);
    expect(incremental.report.reused).toBeGreaterThan(10);
    const scratch = await build(notesDir, await tempDir());
    expect(incremental.report.index.data.passages.map((p) => p.id)).toEqual(scratch.report.index.data.passages.map((p) => p.id));
    expect(incremental.report.index.data.vectors).toEqual(scratch.report.index.data.vectors);
  });

  it('writes the new rows into vectors it owns when every kept passage keeps its row, and never into vectors it was lent', async () => {
    const notesDir = await copyCorpus();
    const first = await build(notesDir, await tempDir());
    const file = path.join(notesDir, 'holding-periods.md');
    await writeFile(file, (await readFile(file, 'utf8')).replace('Rule T-4 should be repealed.', 'Rule T-4 should be repealed at once.'));
    const { notes, passages } = await loadNotes(notesDir, 'https://dev.heng.lu/');
    const scratch = await build(notesDir, await tempDir());
    const before = first.report.index.data.vectors.slice();

    const lent = await buildIndex({ indexDir: await tempDir(), passages, notes, embedder: fakeEmbedder(), takePrevious: () => priorIndex(first.report.index) });
    expect(lent.embedded).toBe(1);
    expect(lent.index.data.vectors).not.toBe(first.report.index.data.vectors);
    expect(first.report.index.data.vectors).toEqual(before);
    expect(lent.index.data.vectors).toEqual(scratch.report.index.data.vectors);

    const owned = await buildIndex({
      indexDir: await tempDir(),
      passages,
      notes,
      embedder: fakeEmbedder(),
      takePrevious: () => priorIndex(first.report.index, true),
    });
    expect(owned.index.data.vectors).toBe(first.report.index.data.vectors);
    expect(owned.index.data.vectors).toEqual(scratch.report.index.data.vectors);

    // The same passages in another order (a note renamed to come last): a new array.
    await rm(path.join(notesDir, 'beekeeping-notes.md'));
    await writeFile(path.join(notesDir, 'zz-beekeeping-notes.md'), await readFile(path.join(CORPUS, 'beekeeping-notes.md'), 'utf8'));
    const reordered = await loadNotes(notesDir, 'https://dev.heng.lu/');
    const renamed = await buildIndex({
      indexDir: await tempDir(),
      passages: reordered.passages,
      notes: reordered.notes,
      embedder: fakeEmbedder(),
      takePrevious: () => priorIndex(owned.index, true),
    });
    expect(renamed.index.data.vectors).not.toBe(owned.index.data.vectors);
    expect(renamed.index.data.vectors).toEqual((await build(notesDir, await tempDir())).report.index.data.vectors);

    // A note more moves the passages after it: a new array, the owned one left as it was.
    await writeFile(path.join(notesDir, 'aa-new.md'), '---\ntitle: A new note\ndate: 2025-03-01\n---\n\nA passage no index has seen.\n');
    const moved = await loadNotes(notesDir, 'https://dev.heng.lu/');
    const kept = owned.index.data.vectors.slice();
    const grown = await buildIndex({
      indexDir: await tempDir(),
      passages: moved.passages,
      notes: moved.notes,
      embedder: fakeEmbedder(),
      takePrevious: () => priorIndex(owned.index, true),
    });
    expect(grown.index.data.vectors).not.toBe(owned.index.data.vectors);
    expect(owned.index.data.vectors).toEqual(kept);
    expect(grown.index.data.vectors).toEqual((await build(notesDir, await tempDir())).report.index.data.vectors);
  });

  it('builds on the index it is handed without reading it back, and notices a change its passage ids do not hold', async () => {
    const notesDir = await copyCorpus();
    const indexDir = await tempDir();
    const first = await build(notesDir, indexDir);
    // The stored copy is gone: a build handed the previous index needs nothing from the disk.
    await rm(indexDir, { recursive: true });
    const file = path.join(notesDir, 'holding-periods.md');
    // A new date changes no passage's text, so no id: only the passages say it.
    await writeFile(file, (await readFile(file, 'utf8')).replace('date: 2025-01-14', 'date: 2025-02-01'));
    const { notes, passages } = await loadNotes(notesDir, 'https://dev.heng.lu/');
    const embedder = fakeEmbedder();
    const redated = await buildIndex({ indexDir, passages, notes: notes, embedder, takePrevious: () => priorIndex(first.report.index) });
    expect(redated.upToDate).toBe(false);
    expect(embedder.calls).toBe(0);
    expect(redated.embedded).toBe(0);
    const stored = await readIndex(indexDir);
    expect(new Set(stored!.data.passages.filter((p) => p.noteId === 'holding-periods').map((p) => p.date))).toEqual(new Set(['2025-02-01']));
    expect(stored!.data.vectors).toEqual(first.report.index.data.vectors);
  });

  it('rebuilds the whole index from what it is handed when the notes still match it', async () => {
    const notesDir = await copyCorpus();
    const indexDir = await tempDir();
    const first = await build(notesDir, indexDir);
    await rm(indexDir, { recursive: true });
    // Loaded again: new passage objects, so nothing is shared with the first build but the keys and vectors.
    const { notes, passages } = await loadNotes(notesDir, 'https://dev.heng.lu/');
    const embedder = fakeEmbedder();
    const same = await buildIndex({ indexDir, passages, notes: notes, embedder, takePrevious: () => priorIndex(first.report.index) });
    expect(same.upToDate).toBe(true);
    expect(embedder.calls).toBe(0);
    expect(same.index.generation).toBe(first.report.index.generation);
    expect(same.index.data).toEqual(first.report.index.data);
  });

  it('rebuilds an index it cannot read, saying why', async () => {
    const notesDir = await copyCorpus();
    const indexDir = await tempDir();
    const { report } = await build(notesDir, indexDir);
    const manifest = path.join(indexDir, report.index.generation, 'manifest.json');
    await writeFile(manifest, (await readFile(manifest, 'utf8')).replace(`"format": ${FORMAT}`, '"format": 3'));
    const again = await build(notesDir, indexDir);
    expect(again.report.rebuiltBecause).toMatch(new RegExp(`could not be read .*format 3, not ${FORMAT}`));
    expect(again.report.embedded).toBe(report.index.data.passages.length);
  });

  it('rebuilds an index whose files were damaged, which their checksums show', async () => {
    const notesDir = await copyCorpus();
    const indexDir = await tempDir();
    const { report } = await build(notesDir, indexDir);
    const vectors = path.join(indexDir, 'parts', report.index.manifest.parts![0]!.key, 'index.f32');
    const bytes = await readFile(vectors);
    // A few flipped bits in the middle of a vector: the file still parses, the numbers are wrong.
    for (const at of [bytes.length >> 1, (bytes.length >> 1) + 7]) bytes[at]! ^= 0x10;
    await writeFile(vectors, bytes);
    await expect(readIndex(indexDir)).rejects.toThrow(/damaged: index\.f32 does not match its checksum/);
    const again = await build(notesDir, indexDir);
    expect(again.report.rebuiltBecause).toMatch(/damaged/);
    expect(again.report.embedded).toBe(report.index.data.passages.length);
    expect((await readIndex(indexDir))!.data.passages).toHaveLength(report.index.data.passages.length);
  });

  it('keeps the previous index serving when a build fails midway, and clears its leftovers', async () => {
    const notesDir = await copyCorpus();
    const indexDir = await tempDir();
    const { report } = await build(notesDir, indexDir);

    await writeFile(path.join(notesDir, 'new-note.md'), '# New\n\nA brand new note about tidal mills.');
    const failing = fakeEmbedder();
    failing.embed = async () => {
      throw new Error('out of memory');
    };
    await expect(build(notesDir, indexDir, failing)).rejects.toThrow('out of memory');
    const still = await readIndex(indexDir);
    expect(still!.generation).toBe(report.index.generation);

    // A generation folder left half-written by a crash is never served, and is cleared later.
    await mkdir(path.join(indexDir, 'gen-crashed-1'));
    await writeFile(path.join(indexDir, 'gen-crashed-1', 'index.f32'), 'half-written');
    expect((await readIndex(indexDir))!.generation).toBe(report.index.generation);
    await build(notesDir, indexDir);
    expect((await readdir(indexDir)).filter((e) => e.startsWith('gen-'))).toHaveLength(1);
  });

  it('survives a build killed with SIGKILL: the old index keeps answering', async () => {
    const notesDir = await copyCorpus();
    const indexDir = await tempDir();
    const { report } = await build(notesDir, indexDir);
    await writeFile(path.join(notesDir, 'new-note.md'), '# New\n\nA brand new note about tidal mills.');

    const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'tests/support/hanging-build.ts'), notesDir, indexDir], { cwd: ROOT });
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => chunk.toString().includes('embedding') && resolve());
      child.on('exit', (code) => reject(new Error(`the build exited early with ${code}`)));
    });
    child.kill('SIGKILL');
    await new Promise((resolve) => child.on('exit', resolve));

    const served = await readIndex(indexDir);
    expect(served!.generation).toBe(report.index.generation);
    const embedder = fakeEmbedder();
    const engine = openSearchEngine(served!.data, embedder);
    const result = await engine.search('What fell from 70% to 52%?');
    expect(result.answered).toBe(true);
    expect(result.hits[0]!.passage.noteId).toBe('holding-periods');
  });
});
