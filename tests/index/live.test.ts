import { cp, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readConfig } from '../../src/config.js';
import { LiveIndex } from '../../src/index/live.js';
import { silentLog } from '../../src/log/log.js';
import type { NotesCache } from '../../src/notes/load.js';
import { indexNotes } from '../../src/index/index-notes.js';
import { fakeEmbedder } from '../support/fake-embedder.js';
import { CORPUS, tempDir } from '../support/paths.js';

async function setUp() {
  const notesDir = await tempDir('notes-bot-live-');
  await cp(CORPUS, notesDir, { recursive: true });
  const config = readConfig({}, { NOTES_DIR: notesDir, INDEX_DIR: await tempDir() });
  const embedder = fakeEmbedder();
  const cache: NotesCache = new Map();
  const initial = await indexNotes(config, embedder, { log: silentLog, cache });
  return { notesDir, embedder, live: new LiveIndex(config, embedder, initial, silentLog, cache), initial };
}

describe('LiveIndex', () => {
  it('does nothing when nothing changed, and embeds only what did', async () => {
    const { notesDir, embedder, live, initial } = await setUp();
    const calls = embedder.calls;
    const same = await live.reindex();
    expect(same).toMatchObject({ upToDate: true, embedded: 0 });
    expect(embedder.calls).toBe(calls);
    expect(live.engine).toBe(initial.engine);

    const file = path.join(notesDir, 'holding-periods.md');
    await writeFile(file, (await readFile(file, 'utf8')).replace('Rule T-4 should be repealed.', 'Rule T-4 should go.'));
    const changed = await live.reindex();
    expect(changed).toMatchObject({ upToDate: false, embedded: 1, removed: 1 });
    expect(live.engine).not.toBe(initial.engine);
    expect((await live.engine.search('Rule T-4 should go')).hits[0]!.passage.text).toContain('Rule T-4 should go.');
  });

  it('merges re-index requests that arrive while one runs', async () => {
    const { notesDir, live } = await setUp();
    await writeFile(path.join(notesDir, 'new.md'), '# New\n\nA new note about tidal mills.');
    const first = live.reindex();
    // Before it starts, a request is the same run: it will see the same files.
    expect(live.reindex()).toBe(first);
    await new Promise((resolve) => setImmediate(resolve));
    // While it runs, requests merge into one more run after it.
    const second = live.reindex();
    const third = live.reindex();
    expect(third).toBe(second);
    expect(second).not.toBe(first);
    await Promise.all([first, second]);
    expect(live.notes.some((n) => n.id === 'new')).toBe(true);
  });
});
