import { cp, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { readConfig } from '../../src/config.js';
import { heldIndexUpdates } from '../../src/index/index-notes.js';
import { silentLog } from '../../src/log/log.js';
import { generateCorpus } from '../../scripts/lib/generated-corpus.js';
import { fakeEmbedder } from '../support/fake-embedder.js';
import { CORPUS, tempDir } from '../support/paths.js';

/** Every text the keyword index cuts into tokens, in order. */
const tokenized = vi.hoisted(() => [] as string[]);
vi.mock('../../src/search/tokenize.js', async (original) => {
  const actual = await original<typeof import('../../src/search/tokenize.js')>();
  return {
    ...actual,
    tokens: (text: string, stop?: ReadonlySet<string>) => {
      tokenized.push(text);
      return actual.tokens(text, stop);
    },
  };
});

describe('the indexing thread after a restart', () => {
  it('tokenizes only the part of the note that changed, when the index it started from was read from the disk', async () => {
    const notesDir = await tempDir('notes-bot-notes-');
    await cp(CORPUS, notesDir, { recursive: true });
    // Parts of about 550 passages: enough notes for several.
    await generateCorpus(path.join(notesDir, 'generated'), 2000);
    const config = readConfig({}, { NOTES_DIR: notesDir, INDEX_DIR: await tempDir() });
    const embedder = fakeEmbedder();
    const updates = () => heldIndexUpdates(config, embedder, { log: silentLog, cache: new Map() });
    await updates()(false);

    // A restart: a new thread, whose first run finds the index on disk up to date.
    const restarted = updates();
    const start = await restarted(false);
    expect(start?.build?.upToDate).toBe(true);

    const file = path.join(notesDir, 'holding-periods.md');
    await writeFile(file, (await readFile(file, 'utf8')).replace('Rule T-4 should be repealed.', 'Rule T-4 should be repealed at once.'));
    tokenized.length = 0;
    const changed = await restarted(true);
    expect(changed?.build?.embedded).toBe(1);
    const { passages, lexical } = changed!.data;
    // The part (keyword segment) that holds the edited note.
    const first = passages.findIndex((p) => p.noteId === 'holding-periods');
    let end = 0;
    const [from, to] = lexical.segments.map((s) => [end, (end += s.bm25.lengths.length)] as const).find(([, e]) => e > first)!;
    expect(lexical.segments.length).toBeGreaterThan(2);
    expect(passages.slice(from, to).filter((p) => p.noteId === 'holding-periods').length).toBeGreaterThan(1);
    passages.forEach((p, i) => {
      if (i >= from && i < to) expect(tokenized).toContain(p.text);
      else expect(tokenized).not.toContain(p.text);
    });
  });
});
