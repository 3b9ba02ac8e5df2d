import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_FETCH } from '../../src/import/http.js';
import { importSite, type ImportOptions } from '../../src/import/import.js';
import { loadNotes } from '../../src/notes/load.js';
import { FakeWordPress } from '../support/fake-wordpress.js';
import { tempDir } from '../support/paths.js';

let site: FakeWordPress;
let out: string;

beforeEach(async () => {
  site = await new FakeWordPress().start();
  site.slowMs = 1500;
  out = path.join(await tempDir('notes-bot-import-'), 'does', 'not', 'exist', 'yet');
});
afterEach(async () => {
  await site.stop();
});

function run(extra: Partial<ImportOptions> = {}) {
  return importSite({
    site: extra.site ?? site.url,
    outDir: out,
    prune: false,
    force: false,
    fetch: { ...DEFAULT_FETCH, concurrency: 4, timeoutMs: 500, retries: 1, backoffMs: 10 },
    ...extra,
  });
}

const read = (file: string) => readFile(path.join(out, file), 'utf8');

describe('import through the WordPress REST API', () => {
  it('reads every page of posts and writes one clean note each', async () => {
    site.rateLimitOnce = true;
    const s = await run();
    expect(s.source).toBe('WordPress API');
    expect(s.added.sort()).toEqual(
      [
        'broken-markup.md',
        'cafe-history.md',
        'ferry-timetables.md',
        'harbour-dues.md',
        'pier-repairs.md',
        'server-error.md',
        'slow-post.md',
        'zh/渡轮时刻.md',
      ].sort(),
    );
    expect(s.failed).toEqual([]);
    // Four pages of two, a 429 retried, a clear User-Agent, never more than four requests at once.
    const listings = site.served.filter((r) => r.path.startsWith('/wp-json/wp/v2/posts'));
    expect(listings.map((r) => new URL(r.path, site.url).searchParams.get('page'))).toEqual(['1', '1', '2', '3', '4']);
    expect(site.served.every((r) => r.userAgent.startsWith('notes-bot-importer/'))).toBe(true);
    expect(site.maxInFlight).toBeLessThanOrEqual(4);

    const dues = await read('harbour-dues.md');
    expect(dues).toContain('title: Harbour Dues — What the $4 Fee Pays For');
    expect(dues).toContain(`url: '${site.url}/harbour-dues/'`);
    expect(dues).toMatch(/date: '2025-02-14'/);
    expect(dues).toMatch(/modified: '2025-02-14T09:00:00Z'/);
    expect(dues).toMatch(/categories:\n {2}- Finance\ntags:\n {2}- fees/);
    expect(dues).toContain('> The dues are not a tax; they are the price of a safe berth.');
    expect(dues).toContain('[the pier repairs](https://larch.example/pier-repairs/)');
    const timetable = await read('ferry-timetables.md');
    expect(timetable).toContain('## The maintenance window');
    expect(timetable).toMatch(/- +Crossing at 07:30/);
    expect(timetable).toContain('**MV Larch**');
    expect(await read('zh/渡轮时刻.md')).toContain('lang: zh');

    const loaded = await loadNotes(out, 'https://larch.example/');
    expect(loaded.notes).toHaveLength(8);
    expect(loaded.broken).toEqual([]);
  });

  it('updates what changed upstream and leaves the rest alone', async () => {
    await run();
    const pier = site.post('pier-repairs');
    pier.content.rendered = '<p>The repairs are finished: the north pier reopened in April.</p>';
    pier.modified_gmt = '2025-04-20T09:00:00';
    const s = await run();
    expect(s.updated).toEqual(['pier-repairs.md']);
    expect(s.unchanged).toHaveLength(7);
    expect(s.added).toEqual([]);
    expect(await read('pier-repairs.md')).toContain('the north pier reopened in April');
  });

  it('keeps a note edited by hand, says when its post changed too, and overwrites it with --force', async () => {
    await run();
    const edited = (await read('harbour-dues.md')).replace('$4', '$5 (corrected by hand)');
    await writeFile(path.join(out, 'harbour-dues.md'), edited);
    expect((await run()).kept).toEqual([{ file: 'harbour-dues.md', upstreamChanged: false }]);

    site.post('harbour-dues').content.rendered = '<p>From May the harbour due is $6.</p>';
    const s = await run();
    expect(s.kept).toEqual([{ file: 'harbour-dues.md', upstreamChanged: true }]);
    expect(await read('harbour-dues.md')).toBe(edited);

    const forced = await run({ force: true });
    expect(forced.updated).toEqual(['harbour-dues.md']);
    expect(await read('harbour-dues.md')).toContain('From May the harbour due is $6.');
  });

  it('deletes nothing without --prune, and with it only imported notes whose post is gone', async () => {
    await run();
    await writeFile(path.join(out, 'my-own-note.md'), '# Mine\n\nWritten by hand, never imported.\n');
    site.posts = site.posts.filter((p) => p.slug !== 'pier-repairs');
    expect((await run()).pruned).toEqual([]);
    expect(await read('pier-repairs.md')).toContain('Pier Repairs');

    const s = await run({ prune: true });
    expect(s.pruned).toEqual(['pier-repairs.md']);
    await expect(read('pier-repairs.md')).rejects.toThrow(/ENOENT/);
    expect(await read('my-own-note.md')).toContain('Written by hand');
  });

  it('prunes nothing when a page of the listing failed', async () => {
    await run();
    site.failApiPage2 = true;
    const s = await run({ prune: true });
    expect(s.failed.map((f) => f.url)).toEqual([expect.stringContaining('page=2')]);
    expect(s.pruned).toEqual([]);
    expect(s.pruneSkipped).toMatch(/listing was not read whole/);
    expect(await read('ferry-timetables.md')).toBeDefined();
  });
});

describe('fallbacks', () => {
  it('uses the feed when the API is off, reading summary-only posts from their pages', async () => {
    site.api = 'off';
    const s = await run();
    expect(s.source).toBe('feed');
    expect(s.added.sort()).toEqual(['cafe-history.md', 'ferry-timetables.md', 'harbour-dues.md', 'pier-repairs.md', 'zh/渡轮时刻.md'].sort());
    const failures = Object.fromEntries(s.failed.map((f) => [new URL(f.url).pathname, f.reason]));
    expect(failures['/server-error/']).toMatch(/HTTP 500/);
    expect(failures['/slow-post/']).toMatch(/timeout/);
    expect(failures['/broken-markup/']).toMatch(/no article content/);

    // From a themed page only the article is kept, decoded from its ISO-8859-1.
    const cafe = await read('cafe-history.md');
    expect(cafe).toContain('title: The Café on the Quay');
    expect(cafe).toContain('its crème brûlée is famous');
    expect(cafe).toContain('History');
    for (const boilerplate of [
      'Share this',
      'Related',
      'About the author',
      'Great post',
      'Recent posts',
      '©',
      'Previous post',
      'Larch Sound Ferry Cooperative',
    ]) {
      expect(cafe).not.toContain(boilerplate);
    }
  });

  it('uses the sitemap when the API and the feed are off: posts only', async () => {
    site.api = 'off';
    site.feed = 'off';
    const s = await run();
    expect(s.source).toBe('sitemap');
    expect(s.added.sort()).toEqual(['cafe-history.md', 'ferry-timetables.md', 'harbour-dues.md', 'pier-repairs.md', 'zh/渡轮时刻.md'].sort());
    expect(site.served.some((r) => r.path === '/about/' || r.path.startsWith('/category/') || r.path.startsWith('/author/'))).toBe(false);
    expect(s.failed).toHaveLength(3);
    const timetable = await read('ferry-timetables.md');
    expect(timetable).toMatch(/tags:\n {2}- timetables\n {2}- winter/);
    expect(timetable).toContain("modified: '2025-01-10T09:00:00+00:00'");
    expect(await read('zh/渡轮时刻.md')).toContain('冬季时刻表每天四班渡轮。');
  });

  it('says what it tried when the site offers no way to list posts', async () => {
    const url = site.url;
    await site.stop();
    await expect(run({ site: url })).rejects.toThrow(/found no posts at .*WordPress API: .*feed: .*sitemap: /);
    site = await new FakeWordPress().start();
  });
});

describe('npm run import', () => {
  it('prints a summary of what was added, updated, skipped and failed', async () => {
    const { execFile } = await import('node:child_process');
    const { promisify } = await import('node:util');
    const { ROOT } = await import('../support/paths.js');
    await mkdir(out, { recursive: true });
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'src/cli/import.ts', `${site.url}/`, '--out', out], { cwd: ROOT });
    expect(stdout).toContain(`Imported from ${site.url}/ through the WordPress API into ${out}:`);
    expect(stdout).toMatch(/added 8: /);
    expect(stdout).toContain('updated 0');
    expect(stdout).toContain('skipped 0 edited by hand');
    expect(stdout).toContain('failed 0');
  });
});

describe('notes of your own', () => {
  it('points out a note of your own that has the address of an imported post', async () => {
    await mkdir(out, { recursive: true });
    await writeFile(
      path.join(out, 'old-copy.md'),
      `---\ntitle: Pier repairs (excerpt)\nurl: ${site.url}/pier-repairs/\n---\n\nThe January storm lifted twelve planks […]\n`,
    );
    const s = await run({ prune: true });
    expect(s.sameUrl).toEqual([{ own: 'old-copy.md', imported: 'pier-repairs.md' }]);
    expect(await read('old-copy.md')).toContain('excerpt');
  });
});
