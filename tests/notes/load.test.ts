import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadNotes, parseNote, slugify, type NotesCache } from '../../src/notes/load.js';
import { formatProblem } from '../../src/notes/note.js';
import { tempDir } from '../support/paths.js';

const BASE = 'https://dev.heng.lu/';

function note(file: string, content: string) {
  const parsed = parseNote(file, content, BASE);
  if (parsed.kind !== 'note') throw new Error(`expected a note, got ${JSON.stringify(parsed)}`);
  return parsed;
}

describe('parseNote', () => {
  it('reads the front matter fields and keeps unknown ones out of the way', () => {
    const { note: n, warnings } = note(
      'essays/registries.md',
      '---\ntitle: Registries\nurl: https://dev.heng.lu/?p=42\ndate: 2025-09-17\ntags: [rir, governance]\nlang: en\nauthor: Lu Heng\n---\n\nBody text.\n',
    );
    expect(n).toMatchObject({
      id: 'essays/registries',
      title: 'Registries',
      url: 'https://dev.heng.lu/?p=42',
      date: '2025-09-17',
      tags: ['rir', 'governance'],
      lang: 'en',
    });
    expect(n.body.trim()).toBe('Body text.');
    expect(warnings).toEqual([]);
  });

  it('takes the title from the first H1, else the file name, and the url from the base and slug', () => {
    expect(note('a.md', '# The Heading Title\n\nText.').note.title).toBe('The Heading Title');
    const n = note('Essays/Why IPv4 Matters.md', 'Just text.').note;
    expect(n.title).toBe('Why IPv4 Matters');
    expect(n.url).toBe('https://dev.heng.lu/essays/why-ipv4-matters');
    expect(slugify('Notes/Ça coûte $60 — trillion')).toBe('notes/ca-coute-60-trillion');
  });

  it('reads written dates and keeps an unreadable one as text with a warning naming the line', () => {
    expect(note('a.md', '---\ndate: 17 September 2025\n---\nText.').note.date).toBe('2025-09-17');
    expect(note('a.md', '---\ndate: "September 17, 2025"\n---\nText.').note.date).toBe('2025-09-17');
    const { note: n, warnings } = note('a.md', '---\ntitle: T\ndate: sometime soon\n---\nText.');
    expect(n.date).toBe('sometime soon');
    expect(warnings).toHaveLength(1);
    expect(formatProblem(warnings[0]!)).toBe('a.md:3: date: "sometime soon" is not a date I can read; kept as text');
  });

  it('accepts a single tag written as text', () => {
    expect(note('a.md', '---\ntags: ipv4, markets\n---\nText.').note.tags).toEqual(['ipv4', 'markets']);
  });

  it('skips drafts', () => {
    expect(parseNote('d.md', '---\ndraft: true\n---\nText.', BASE)).toEqual({ kind: 'draft', file: 'd.md' });
  });

  it('reports broken YAML with its line', () => {
    const parsed = parseNote('bad.md', '---\ntitle: ok\ntags: [a, b\nlang: en\n---\nText.', BASE);
    expect(parsed.kind).toBe('broken');
    if (parsed.kind !== 'broken') return;
    expect(parsed.problem.file).toBe('bad.md');
    expect(parsed.problem.reason).toMatch(/not valid YAML/);
    expect(parsed.problem.line).toBeGreaterThanOrEqual(3);
  });

  it('reports a field of the wrong type by name and line', () => {
    const parsed = parseNote('bad.md', '---\ntitle: ok\ndraft: "maybe"\n---\nText.', BASE);
    expect(parsed).toMatchObject({ kind: 'broken', problem: { file: 'bad.md', field: 'draft', line: 3 } });
    const url = parseNote('bad.md', '---\nurl: not a url\n---\nText.', BASE);
    expect(url).toMatchObject({ kind: 'broken', problem: { field: 'url', line: 2 } });
  });

  it('reports a note with no text', () => {
    expect(parseNote('empty.md', '---\ntitle: Empty\n---\n\n   \n', BASE)).toMatchObject({
      kind: 'broken',
      problem: { reason: expect.stringMatching(/no text/) },
    });
    expect(parseNote('heading-only.md', '# Only a heading\n', BASE).kind).toBe('broken');
  });
});

describe('loadNotes', () => {
  it('loads every .md under the folder, reports the broken ones and loads the rest', async () => {
    const dir = await tempDir();
    await mkdir(path.join(dir, 'sub/deeper'), { recursive: true });
    await writeFile(path.join(dir, 'one.md'), '# One\n\nFirst note.');
    await writeFile(path.join(dir, 'sub/deeper/two.md'), '---\ntitle: Two\n---\nSecond note.');
    await writeFile(path.join(dir, 'sub/broken.md'), '---\ntitle: [unclosed\n---\nText.');
    await writeFile(path.join(dir, 'sub/draft.md'), '---\ndraft: true\n---\nText.');
    await writeFile(path.join(dir, 'readme.txt'), 'not a note');
    const loaded = await loadNotes(dir, BASE);
    expect(loaded.notes.map((n) => n.id)).toEqual(['one', 'sub/deeper/two']);
    expect(loaded.broken).toHaveLength(1);
    expect(loaded.broken[0]!.file).toBe('sub/broken.md');
    expect(loaded.drafts).toEqual(['sub/draft.md']);
  });

  it('with a cache, parses only files that changed and says whether anything did', async () => {
    const dir = await tempDir();
    await writeFile(path.join(dir, 'a.md'), '# A\n\nFirst note.');
    await writeFile(path.join(dir, 'b.md'), '# B\n\nSecond note.');
    const cache: NotesCache = new Map();
    const first = await loadNotes(dir, BASE, { cache });
    expect(first.changed).toBe(true);
    expect(first.passages.map((p) => p.text)).toEqual(['First note.', 'Second note.']);

    // Neither the notes nor the cache keep the Markdown once it is cut into passages.
    expect(first.notes[0]).not.toHaveProperty('body');
    for (const entry of cache.values()) expect(entry.parsed).not.toHaveProperty('note.body');

    const same = await loadNotes(dir, BASE, { cache });
    expect(same.changed).toBe(false);
    expect(same.notes[0]).toBe(first.notes[0]);

    await writeFile(path.join(dir, 'b.md'), '# B\n\nSecond note, edited.');
    const edited = await loadNotes(dir, BASE, { cache });
    expect(edited.changed).toBe(true);
    expect(edited.notes[0]).toBe(first.notes[0]);
    expect(edited.passages[1]!.text).toBe('Second note, edited.');

    await rm(path.join(dir, 'a.md'));
    const removed = await loadNotes(dir, BASE, { cache });
    expect(removed.changed).toBe(true);
    expect(removed.notes.map((n) => n.id)).toEqual(['b']);
  });

  it('names the folder when it cannot be read', async () => {
    await expect(loadNotes('/nonexistent/notes-folder', BASE)).rejects.toThrow(/\/nonexistent\/notes-folder/);
  });
});
