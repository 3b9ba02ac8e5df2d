/**
 * A hostile disk, through the real CLI: index runs racing each other, a read-only index folder,
 * a full disk, a damaged index file. The index on disk is never left naming what is not there,
 * and a question is answered whatever the disk does.
 */
import { existsSync } from 'node:fs';
import { appendFile, cp, readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { currentGeneration, readIndex } from '../../src/index/store.js';
import { cli } from '../support/cli.js';
import { MountNamespace } from '../support/mount-namespace.js';
import { CORPUS, tempDir } from '../support/paths.js';

async function corpusCopy(): Promise<string> {
  const dir = await tempDir('notes-bot-notes-');
  await cp(CORPUS, dir, { recursive: true });
  return dir;
}

const generations = async (indexDir: string) => (await readdir(indexDir)).filter((e) => e.startsWith('gen-'));

describe('index runs at the same time', () => {
  it('take turns: every run ends well and CURRENT always names a generation that exists', async () => {
    const notes = await corpusCopy();
    const index = await tempDir();
    for (let round = 0; round < 3; round++) {
      await appendFile(path.join(notes, 'glossary.md'), `\n\nRound ${round} added the word quillwort${round}.\n`);
      const runs = await Promise.all([1, 2, 3].map(() => cli('index', ['--notes', notes, '--index', index])));
      for (const run of runs) expect(run.code, run.stderr).toBe(0);
      const generation = await currentGeneration(index);
      expect(existsSync(path.join(index, generation!)), `CURRENT names ${generation}`).toBe(true);
      expect(await generations(index)).toEqual([generation]);
      const stored = await readIndex(index);
      expect(stored!.data.passages.some((p) => p.text.includes(`quillwort${round}`))).toBe(true);
    }
  }, 180_000);
});

describe.skipIf(!MountNamespace.available())('a disk that refuses writes', () => {
  let ns: MountNamespace;
  beforeAll(async () => {
    ns = await MountNamespace.start();
  });
  afterAll(() => ns?.stop());

  it('read-only index folder: ask answers from the notes as they are and warns; index says why it stopped', async () => {
    const notes = await corpusCopy();
    const index = await tempDir();
    expect((await cli('index', ['--notes', notes, '--index', index])).code).toBe(0);
    const before = await currentGeneration(index);
    await ns.readOnly(index);
    const inside = { prefix: ns.prefix };

    const unchanged = await cli('ask', ['--notes', notes, '--index', index, 'Agnes Tull'], {}, inside);
    expect(unchanged.code, unchanged.stderr).toBe(0);
    expect(unchanged.stdout).toContain('Agnes Tull');
    expect(unchanged.stderr).not.toMatch(/cannot write/);

    await appendFile(path.join(notes, 'glossary.md'), '\n\nThe tidal mill at Carrow ground barley for the whole valley.\n');
    const edited = await cli('ask', ['--notes', notes, '--index', index, 'tidal mill at Carrow'], {}, inside);
    expect(edited.code, edited.stderr).toBe(0);
    expect(edited.stdout).toContain('The tidal mill at Carrow ground barley');
    expect(edited.stderr).toMatch(/cannot write the index in .*read-only file system/);
    expect(edited.stderr).toContain('Answering from the notes as they are, held in memory; the index on disk is unchanged.');

    const indexRun = await cli('index', ['--notes', notes, '--index', index], {}, inside);
    expect(indexRun.code).toBe(1);
    expect(indexRun.stderr).toMatch(/error: cannot write the index in .*read-only file system[\s\S]*The index there is unchanged/);
    expect(await currentGeneration(index)).toBe(before);
  }, 120_000);

  it('full disk: the build fails cleanly, leaves nothing half-written, the old index answers, and the next run succeeds', async () => {
    const notes = await corpusCopy();
    const sizing = await tempDir();
    expect((await cli('index', ['--notes', notes, '--index', sizing])).code).toBe(0);
    let bytes = 0;
    for (const f of await readdir(sizing, { recursive: true, withFileTypes: true })) {
      if (f.isFile()) bytes += (await readFile(path.join(f.parentPath, f.name))).length;
    }
    // Room for one index and a little, not for two: the test corpus is one part, which the edit below changes.
    const kb = Math.ceil((bytes * 1.4) / 4096) * 4;

    const index = path.join(await tempDir(), 'disk');
    await ns.tmpfs(index, kb);
    const inside = { prefix: ns.prefix };
    const first = await cli('index', ['--notes', notes, '--index', index], {}, inside);
    expect(first.code, first.stderr).toBe(0);
    const served = (await ns.sh(`cat '${index}/CURRENT'`)).trim();

    await appendFile(path.join(notes, 'glossary.md'), '\n\nThe tidal mill at Carrow ground barley for the whole valley.\n');
    const full = await cli('index', ['--notes', notes, '--index', index], {}, inside);
    expect(full.code).toBe(1);
    expect(full.stderr).toMatch(/cannot write the index in .*no space left on device/i);
    expect((await ns.sh(`ls '${index}'`)).split('\n').filter((e) => e.startsWith('gen-'))).toEqual([served]);
    expect((await ns.sh(`cat '${index}/CURRENT'`)).trim()).toBe(served);
    // Nor a part of the failed build: only those the served generation names.
    const manifest = JSON.parse(await ns.sh(`cat '${index}/${served}/manifest.json'`)) as { parts: { key: string }[] };
    expect((await ns.sh(`ls '${index}/parts'`)).split('\n').filter(Boolean)).toEqual(manifest.parts.map((p) => p.key).sort());

    const answer = await cli('ask', ['--notes', notes, '--index', index, 'Agnes Tull'], {}, inside);
    expect(answer.code).toBe(0);
    expect(answer.stdout).toContain('Agnes Tull');

    await ns.resize(index, kb * 4);
    const freed = await cli('index', ['--notes', notes, '--index', index], {}, inside);
    expect(freed.code, freed.stderr).toBe(0);
    expect(freed.stdout).toMatch(/Indexed 17 notes/);
    expect((await ns.sh(`ls '${index}'`)).split('\n').filter((e) => e.startsWith('gen-'))).toHaveLength(1);
  }, 120_000);
});
