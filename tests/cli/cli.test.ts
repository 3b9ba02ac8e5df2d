import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli } from '../support/cli.js';
import { CORPUS, tempDir } from '../support/paths.js';

describe('npm run index / npm run ask', () => {
  let index: string;
  beforeAll(async () => {
    index = await tempDir();
  });

  it('indexes, then finds the index up to date', async () => {
    const first = await cli('index', ['--notes', CORPUS, '--index', index]);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/Indexed 17 notes into (\d+) passages .*\(\1 embedded, .*the sentences of \1 passages embedded for quoting, of 0 kept\)/);
    expect(first.stderr).toContain('skipped broken-yaml.md');
    const second = await cli('index', ['--notes', CORPUS, '--index', index]);
    expect(second.stdout).toMatch(/up to date/);
  });

  it('prints the title, the quote and the link', async () => {
    const run = await cli('ask', ['--notes', CORPUS, '--index', index, 'Which rule passed with 212 votes?']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('1. The Water Board Has No Authority to Reclaim Shares');
    expect(run.stdout).toContain('212 votes in favour and 48 against');
    expect(run.stdout).toMatch(/https:\/\/dev\.heng\.lu\/board-has-no-authority#:~:text=\S+/);
  });

  it('prints JSON with --json', async () => {
    const run = await cli('ask', ['--notes', CORPUS, '--index', index, '--json', '--k', '3', 'Agnes Tull']);
    const answer = JSON.parse(run.stdout) as { answered: boolean; results: { title: string; quote: string }[] };
    expect(answer.answered).toBe(true);
    expect(answer.results).toHaveLength(3);
    expect(answer.results[0]!.quote).toContain('Agnes Tull');
  });

  it('answers a file of queries, one JSON line each, in order', async () => {
    const file = path.join(await tempDir(), 'q.jsonl');
    await writeFile(
      file,
      [
        JSON.stringify({ id: 'q1', question: 'Five Keepers plan', kind: 'ignored' }),
        JSON.stringify({ id: 7, question: 'What is the best recipe for sourdough bread?' }),
        '',
        JSON.stringify({ id: 'q3', question: '   ' }),
      ].join('\n'),
    );
    const run = await cli('ask', ['--notes', CORPUS, '--index', index, '--queries', file, '--k', '2']);
    expect(run.code).toBe(0);
    const lines = run.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { id: unknown; answered: boolean; results: Record<string, unknown>[] });
    expect(lines.map((l) => l.id)).toEqual(['q1', 7, 'q3']);
    expect(lines[0]!.answered).toBe(true);
    expect(lines[0]!.results).toHaveLength(2);
    expect(Object.keys(lines[0]!.results[0]!)).toEqual(['url', 'title', 'heading', 'text', 'quote', 'score']);
    expect(lines[1]!.answered).toBe(false);
    expect(lines[2]).toEqual({ id: 'q3', answered: false, results: [] });
    expect(run.stderr).toMatch(/q\.jsonl:4: question: The question is empty/);
  });

  it('answers with the bundled model in hybrid mode when the configured one cannot be loaded, and says so once', async () => {
    const run = await cli('ask', ['--notes', CORPUS, '--index', await tempDir(), '--json', 'Agnes Tull'], {
      EMBEDDING_MODEL: 'Xenova/all-MiniLM-L6-v2',
      ALLOW_MODEL_DOWNLOAD: 'false',
      MODEL_CACHE_DIR: await tempDir(),
    });
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('cannot load the embedding model Xenova/all-MiniLM-L6-v2');
    expect(run.stderr.match(/bundled small model/g)).toHaveLength(1);
    expect(run.stderr).toMatch(/EMBEDDING_MODEL/);
    const answer = JSON.parse(run.stdout) as { mode: string; results: { quote: string }[] };
    expect(answer.mode).toBe('hybrid');
    expect(answer.results[0]!.quote).toContain('Agnes Tull');
    const text = await cli('ask', ['--notes', CORPUS, '--index', await tempDir(), 'Agnes Tull'], { EMBEDDING_MODEL: '/nonexistent/model' });
    expect(text.stderr).toContain('EMBEDDING_MODEL: no model folder at /nonexistent/model');
    expect(text.stdout).toContain('Agnes Tull');
    expect(text.stdout).toContain('searched with the bundled small model');
  });

  it('explains an empty question and a bad setting', async () => {
    const empty = await cli('ask', ['--notes', CORPUS, '--index', index, '  ']);
    expect(empty.code).toBe(1);
    expect(empty.stderr).toMatch(/question is empty/);
    const badUrl = await cli('ask', ['--notes', CORPUS, 'x'], { NOTES_BASE_URL: 'not-a-url' });
    expect(badUrl.code).toBe(2);
    expect(badUrl.stderr).toContain('NOTES_BASE_URL');
    const missing = await cli('index', ['--notes', '/nonexistent/notes', '--index', index]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('/nonexistent/notes');
  });
});
