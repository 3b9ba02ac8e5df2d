/**
 * Hostile notes, through the real CLI (`npm run ask` / `npm run index`): notes are untrusted.
 * Nothing in them runs, reaches outside the notes folder, grows without bound, or blinds search;
 * each bad file is reported with its reason and skipped, and every other note is indexed.
 */
import { existsSync } from 'node:fs';
import { cp, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { sentenceSegments } from '../../src/notes/sentences.js';
import { cli } from '../support/cli.js';
import { CORPUS, tempDir } from '../support/paths.js';

interface Answer {
  answered: boolean;
  mode: string;
  results: { title: string; text: string; quote: string; score: number }[];
}

const GOOD = 'The lighthouse keepers kept a ledger of every ship that passed the Fenwick light in 1911.';

describe('hostile notes', () => {
  let notes: string;
  let marker: string;
  let ask: (question: string, env?: Record<string, string>) => ReturnType<typeof cli>;

  beforeAll(async () => {
    notes = await tempDir('notes-bot-hostile-');
    await cp(CORPUS, notes, { recursive: true });
    marker = path.join(await tempDir(), 'pwned');
    const code = `require('fs').writeFileSync(${JSON.stringify(marker)}, 'ran')`;
    await writeFile(path.join(notes, 'evil-js.md'), `---js\n{ title: (${code}, 'Evil') }\n---\n\n${GOOD}\n`);
    await writeFile(path.join(notes, 'evil-javascript.md'), `---javascript\n(${code}, {})\n---\n\n${GOOD}\n`);
    await writeFile(path.join(notes, 'evil-coffee.md'), `---coffee\ntitle: 'x'\n---\n\n${GOOD}\n`);
    await writeFile(path.join(notes, 'zero-width.md'), '---\ntitle: Invisible\n---\n\n\u200b\u200b\u200b\n\n\u200b\n');
    await symlink('/etc/passwd', path.join(notes, 'passwd.md'));
    await symlink(path.join(notes, 'glossary.md'), path.join(notes, 'glossary-link.md'));
    await writeFile(path.join(notes, 'image.md'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52]));
    await writeFile(path.join(notes, 'latin1.md'), Buffer.from('# Café\n\nFirst line.\nLe café coûte cher.\n', 'latin1'));
    await writeFile(path.join(notes, 'title.md'), `---\ntitle: "Line one\\n# Heading\\n[Free Nitro](https://evil.example)"\n---\n\n${GOOD}\n`);
    const sentence = 'The registry holds no authority over the holders of addresses, and its policies bind only those who agree. ';
    await writeFile(path.join(notes, 'huge.md'), `# Huge\n\n${sentence.repeat(Math.ceil(3e6 / sentence.length))}`);
    const index = await tempDir();
    ask = (question, env = {}) => cli('ask', ['--notes', notes, '--index', index, '--json', question], env);
  });

  it('never runs front matter as code, reports such notes, and indexes the rest', async () => {
    const run = await ask('lighthouse keepers ledger');
    expect(run.code).toBe(0);
    expect(existsSync(marker)).toBe(false);
    expect(run.stderr).toContain('skipped evil-js.md:1: front matter in "js" is not read: only YAML front matter is');
    expect(run.stderr).toContain('skipped evil-javascript.md:1: front matter in "javascript" is not read');
    expect(run.stderr).toContain('skipped evil-coffee.md:1: front matter in "coffee" is not read');
    const answer = JSON.parse(run.stdout) as Answer;
    expect(answer.answered).toBe(true);
    expect(answer.results.map((r) => r.title)).not.toContain('Evil');
  });

  it('does not follow a link out of the notes folder, and follows one inside it', async () => {
    const run = await ask('root x 0 0 root bin bash');
    expect(run.stderr).toContain('skipped passwd.md: a link to /etc/passwd, outside the notes folder: not followed');
    const answer = JSON.parse(run.stdout) as Answer;
    expect(answer.results.some((r) => r.text.includes('/bin/'))).toBe(false);
    expect(run.stderr).not.toContain('glossary-link.md');
  });

  it('reports binary files and text that is not UTF-8, with the line, instead of indexing junk', async () => {
    const run = await ask('cafe');
    expect(run.stderr).toContain('skipped image.md: a binary file, not text (it holds NUL bytes)');
    expect(run.stderr).toContain('skipped latin1.md:1: not valid UTF-8 text: save it as UTF-8');
    expect(run.stdout).not.toContain('\ufffd');
  });

  it('skips a note over the size limit unread, and reads it when the limit allows', async () => {
    const run = await ask('registry holds no authority over holders');
    expect(run.stderr).toMatch(/skipped huge\.md: 2\.9 MB is over the limit of 1\.0 MB a note \(MAX_NOTE_KB\): not read/);
    const allowed = await ask('registry holds no authority over holders', { MAX_NOTE_KB: '4096' });
    expect(allowed.code).toBe(0);
    expect(allowed.stderr).not.toContain('huge.md');
    expect((JSON.parse(allowed.stdout) as Answer).results[0]!.title).toBe('Huge');
  }, 120_000);

  it('an empty-looking note is reported, and dense ranking keeps working for every question', async () => {
    const run = await ask('who kept the ledger of ships at the light?');
    expect(run.stderr).toContain('skipped zero-width.md: the note has no text after its front matter');
    const answer = JSON.parse(run.stdout) as Answer;
    expect(answer.mode).toBe('hybrid');
    for (const r of answer.results) expect(Number.isFinite(r.score)).toBe(true);
  });

  it('gives every note a one-line title', async () => {
    const answer = JSON.parse((await ask('lighthouse keepers ledger Fenwick 1911')).stdout) as Answer;
    const title = answer.results.map((r) => r.title).find((t) => t.startsWith('Line one'));
    expect(title).toBe('Line one # Heading [Free Nitro](https://evil.example)');
  });
});

describe('sentence segmentation of long texts', () => {
  it('finds the same sentences, window by window, as one pass over the whole text', () => {
    const parts = [
      'Mr. Smith paid $3.50 for the U.S. edition, i.e. the cheap one.',
      '“Is it?” she asked. It was!',
      'The rate was 0.82 in 2024… and 0.41 in 2022.',
      `${'A very long sentence without an end '.repeat(300)}finally ends here.`,
      '第一句。第二句！',
      'See Fig. 3 and Art. 12 for details.',
    ];
    const text = Array.from({ length: 400 }, (_, i) => parts[i % parts.length]).join(' ');
    const whole = Array.from(new Intl.Segmenter('en', { granularity: 'sentence' }).segment(text), (s) => ({ index: s.index, segment: s.segment }));
    expect(Array.from(sentenceSegments(text))).toEqual(whole);
  });
});
