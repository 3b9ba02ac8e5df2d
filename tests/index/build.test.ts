import { spawn } from 'node:child_process';
import { cp, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildIndex, priorIndex, priorRows } from '../../src/index/build.js';
import { FORMAT, readIndex } from '../../src/index/store.js';
import { embeddingInput, sentenceInputs } from '../../src/embed/input.js';
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

describe('priorRows', () => {
  const keys = (ids: string[]) => ids.map((id) => ({ id }));
  /** What every id looked up in a Map of the prior ones gives: the pairing priorRows must match. */
  const byId = (prior: string[], now: string[]) => {
    const rows = new Map(prior.map((id, row) => [id, row]));
    return { rows: now.map((id) => rows.get(id) ?? -1), removed: prior.filter((id) => !now.includes(id)).length };
  };
  const check = (prior: string[], now: string[]) => {
    const { rows, removed } = priorRows(keys(prior), keys(now));
    expect({ rows: [...rows], removed }).toEqual(byId(prior, now));
  };

  it('pairs passages as a look-up of every id does, for notes edited, added, removed, moved and swapped', () => {
    const notes = Array.from({ length: 8 }, (_, n) => Array.from({ length: 1 + (n % 3) }, (_, k) => `n${n}p${k}`));
    const flat = (ns: string[][]) => ns.flat();
    const prior = flat(notes);
    check(prior, prior);
    check(prior, flat([...notes.slice(0, 3), ['n3p0', 'n3-new', 'n3p1'], ...notes.slice(4)]));
    check(prior, flat([...notes.slice(0, 5), ['added'], ...notes.slice(5)]));
    check(prior, flat([...notes.slice(0, 2), ...notes.slice(3)]));
    check(prior, flat([notes[7]!, ...notes.slice(0, 7)]));
    check(prior, flat([...notes.slice(0, 2), notes[5]!, ...notes.slice(3, 5), notes[2]!, ...notes.slice(6)]));
    check(prior, flat([['only'], ['new']]));
    check([], prior);
    check(prior, []);
    // A passage repeated word for word under one heading has one id: any of its rows will do.
    for (const [before, after] of [
      [['x'], ['x', 'x', 'x']],
      [['x', 'x', 'x'], ['x']],
      [
        ['a', 'x', 'x'],
        ['x', 'x', 'a', 'x'],
      ],
    ] as const) {
      const { rows } = priorRows(keys([...before]), keys([...after]));
      expect([...rows].map((row, i) => (row < 0 ? after[i] : before[row]))).toEqual(after);
    }
    // Many random edits: a note out, one in, passages changed.
    let seed = 7;
    const random = (n: number) => (seed = (seed * 48271) % 2147483647) % n;
    for (let round = 0; round < 200; round++) {
      const now = notes.map((note) => [...note]);
      for (let edits = 1 + random(3); edits > 0; edits--) {
        const at = random(now.length);
        const kind = random(3);
        if (kind === 0) now.splice(at, 1);
        else if (kind === 1) now.splice(at, 0, [`new${round}-${edits}`]);
        else now[at] = now[at]!.map((id, k) => (k === 0 ? `${id}-edited${round}` : id));
      }
      check(prior, flat(now));
    }
  });

  it('keeps the rows of the passages before an edited one, and moves those after it past a passage more', () => {
    const prior = ['a', 'b', 'c', 'd', 'e'];
    // "c" is edited: a and b keep rows 0 and 1, d and e move one row down after a passage more.
    const { rows, removed } = priorRows(keys(prior), keys(['a', 'b', 'c2', 'x', 'd', 'e']));
    expect([...rows]).toEqual([0, 1, -1, -1, 3, 4]);
    expect(removed).toBe(1);
  });
});

describe('incremental index', () => {
  it('embeds only what changed, deletes what was removed, and rebuilds for a new model', async () => {
    const notesDir = await copyCorpus();
    const indexDir = await tempDir();

    const first = await build(notesDir, indexDir);
    const total = first.report.index.data.passages.length;
    expect(total).toBeGreaterThan(10);
    expect(first.report.embedded).toBe(total);
    // Each passage, then each one's sentences, alone, for quoting.
    const passages = first.report.index.data.passages;
    expect(first.embedder.texts).toEqual([...passages.map(embeddingInput), ...passages.flatMap((p) => sentenceInputs(p.text))]);
    expect(first.report.sentences).toEqual({ embedded: total, copied: 0 });

    const again = await build(notesDir, indexDir);
    expect(again.report.upToDate).toBe(true);
    expect(again.embedder.calls).toBe(0);

    const file = path.join(notesDir, 'holding-periods.md');
    await writeFile(file, (await readFile(file, 'utf8')).replace('Rule T-4 should be repealed.', 'Rule T-4 should be repealed at once.'));
    const edited = await build(notesDir, indexDir);
    expect(edited.report.embedded).toBe(1);
    // The changed passage and its sentences: the other passages' sentence vectors are copied.
    const changed = edited.report.index.data.passages.find((p) => p.text.includes('repealed at once'))!;
    expect(edited.embedder.texts).toEqual([embeddingInput(changed), ...sentenceInputs(changed.text)]);
    expect(edited.report.sentences).toEqual({ embedded: 1, copied: total - 1 });
    expect(edited.report.removed).toBe(1);

    await rm(path.join(notesDir, 'lighthouse-keepers.md'));
    const removed = await build(notesDir, indexDir);
    expect(removed.embedder.texts).toHaveLength(0);
    expect(removed.report.sentences.embedded).toBe(0);
    expect(removed.report.removed).toBeGreaterThan(0);
    const stored = await readIndex(indexDir);
    expect(stored!.data.passages.some((p) => p.noteId === 'lighthouse-keepers')).toBe(false);
    expect(stored!.data.vectors).toHaveLength(stored!.data.passages.length * stored!.data.dims);

    const otherModel = await build(notesDir, indexDir, fakeEmbedder('another-model'));
    expect(otherModel.report.rebuiltBecause).toMatch(/model changed/);
    expect(otherModel.report.embedded).toBe(stored!.data.passages.length);
    expect(otherModel.report.sentences).toEqual({ embedded: stored!.data.passages.length, copied: 0 });
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

  it('writes into vectors it owns, moving the kept rows within them while their order holds, and never into vectors it was lent', async () => {
    const notesDir = await copyCorpus();
    const first = await build(notesDir, await tempDir());
    const fromScratch = async () => (await build(notesDir, await tempDir())).report.index.data.vectors;
    /** A build on `prior` (owned, unless said) over the notes as they are now. */
    const rebuild = async (prior: Awaited<ReturnType<typeof build>>['report'], owned = true) => {
      const { notes, passages } = await loadNotes(notesDir, 'https://dev.heng.lu/');
      // Kept, as the indexing thread keeps them (heldIndexUpdates), when owned.
      return buildIndex({
        indexDir: await tempDir(),
        passages,
        notes,
        embedder: fakeEmbedder(),
        takePrevious: () => priorIndex(prior.index, owned),
        keepsVectors: owned,
      });
    };
    const edit = async (file: string, from: string, to: string) =>
      writeFile(path.join(notesDir, file), (await readFile(path.join(notesDir, file), 'utf8')).replace(from, to));
    const note = (file: string, text: string) => writeFile(path.join(notesDir, file), `---\ntitle: ${file}\ndate: 2025-03-01\n---\n\n${text}\n`);

    // A sentence edited: lent vectors are left as they were; owned ones get the new row in place.
    await edit('holding-periods.md', 'Rule T-4 should be repealed.', 'Rule T-4 should be repealed at once.');
    const before = first.report.index.data.vectors.slice();
    const lent = await rebuild(first.report, false);
    expect(lent.embedded).toBe(1);
    expect(lent.index.data.vectors.buffer).not.toBe(first.report.index.data.vectors.buffer);
    expect(first.report.index.data.vectors).toEqual(before);
    expect(lent.index.data.vectors).toEqual(await fromScratch());
    const owned = await rebuild(first.report);
    expect(owned.index.data.vectors.buffer).toBe(first.report.index.data.vectors.buffer);
    expect(owned.index.data.vectors).toEqual(await fromScratch());

    // A note more: no room in an array built without it (first), so a new one, with room, is made.
    await note('aa-new.md', 'A passage no index has seen.');
    const kept = owned.index.data.vectors.slice();
    const grown = await rebuild(owned);
    expect(grown.index.data.vectors.buffer).not.toBe(owned.index.data.vectors.buffer);
    expect(owned.index.data.vectors).toEqual(kept);
    expect(grown.index.data.vectors).toEqual(await fromScratch());

    // Then each change moves the rows within that room: a note more near the start (the rest move
    // right), a note gone near the end (what follows moves left), and both at once.
    await note('ab-new.md', 'Another passage no index has seen.\n\nAnd one more after it.');
    const again = await rebuild(grown);
    expect(again.index.data.vectors.buffer).toBe(grown.index.data.vectors.buffer);
    expect(again.index.data.vectors).toEqual(await fromScratch());
    await rm(path.join(notesDir, 'water-rights-are-property.md'));
    const shrunk = await rebuild(again);
    expect(shrunk.index.data.vectors.buffer).toBe(grown.index.data.vectors.buffer);
    expect(shrunk.index.data.vectors).toEqual(await fromScratch());
    await note('ac-new.md', 'A third new note, early in the list.');
    await rm(path.join(notesDir, 'when-the-board-fails.md'));
    const both = await rebuild(shrunk);
    expect(both.index.data.vectors.buffer).toBe(grown.index.data.vectors.buffer);
    expect(both.index.data.vectors).toEqual(await fromScratch());

    // Two notes gone, and then two more, each pair at two places: runs of rows that move by
    // different distances, left and then right, must not land on rows still to move.
    await rm(path.join(notesDir, 'drought-of-2022.md'));
    await rm(path.join(notesDir, 'phishing-letters.md'));
    const thinned = await rebuild(both);
    expect(thinned.index.data.vectors.buffer).toBe(grown.index.data.vectors.buffer);
    expect(thinned.index.data.vectors).toEqual(await fromScratch());
    await note('e-new.md', 'A note between the first ones.');
    await note('p-new.md', 'A note further down the list.');
    const thickened = await rebuild(thinned);
    expect(thickened.index.data.vectors.buffer).toBe(grown.index.data.vectors.buffer);
    expect(thickened.index.data.vectors).toEqual(await fromScratch());

    // Kept passages in another order (two sections of a note swapped): a new array.
    const sections = ['## Sluices\n\nThe sluice gates open at dawn.', '## Ledgers\n\nThe ledger is kept in ink.'];
    await note('ad-sections.md', sections.join('\n\n'));
    const sectioned = await rebuild(thickened);
    await note('ad-sections.md', [...sections].reverse().join('\n\n'));
    const swapped = await rebuild(sectioned);
    expect(swapped.embedded).toBe(0);
    expect(swapped.index.data.vectors.buffer).not.toBe(grown.index.data.vectors.buffer);
    expect(swapped.index.data.vectors).toEqual(await fromScratch());
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
    expect(redated.embedded).toBe(0);
    // Its sentence vectors went with the folder: they are embedded again, and nothing else is.
    expect(embedder.texts).toEqual(passages.flatMap((p) => sentenceInputs(p.text)));
    expect(redated.sentences).toEqual({ embedded: passages.length, copied: 0 });
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
    // Failing while the parts are written (at their sentences) is the model's failure, not the
    // disk's: said as it is, and the part begun is removed.
    const model = fakeEmbedder();
    let calls = 0;
    const sentencesFail = { ...model, embed: (texts: string[]) => (calls++ > 0 ? Promise.reject(new Error('the model crashed')) : model.embed(texts)) };
    await expect(build(notesDir, indexDir, sentencesFail)).rejects.toThrow(/^the model crashed$/);
    expect((await readIndex(indexDir))!.generation).toBe(report.index.generation);
    expect(await readdir(path.join(indexDir, 'parts'))).toEqual(report.index.manifest.parts!.map((p) => p.key));

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
