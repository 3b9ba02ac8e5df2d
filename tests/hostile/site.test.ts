/**
 * A hostile WordPress on 127.0.0.1, imported through the real CLI (`npm run import`): malformed
 * data, unbounded listings and bodies, other hosts, redirect loops and unsafe links. Each bad
 * item is reported and the run goes on; nothing outside the site is fetched; --prune deletes
 * only what the site no longer lists.
 */
import { existsSync } from 'node:fs';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cli } from '../support/cli.js';
import { FakeWordPress } from '../support/fake-wordpress.js';
import { tempDir } from '../support/paths.js';

let site: FakeWordPress;
let out: string;

beforeEach(async () => {
  site = await new FakeWordPress().start();
  site.slowMs = 100;
  out = path.join(await tempDir('notes-bot-site-'), 'notes');
});
afterEach(async () => {
  await site.stop();
});

const importSite = (...args: string[]) => cli('import', [site.url, '--out', out, '--retries', '0', '--timeout', '5', ...args]);
const read = (file: string) => readFile(path.join(out, file), 'utf8');
const requests = (prefix: string) => site.served.filter((r) => r.path.startsWith(prefix)).length;

/** Another site, on another port: nothing may be fetched from it. */
async function otherHost(): Promise<{ url: string; hits: string[]; close: () => Promise<void> }> {
  const hits: string[] = [];
  const server: Server = createServer((req, res) => {
    hits.push(req.url ?? '');
    res
      .writeHead(200, { 'content-type': 'text/html' })
      .end('<html><body><article><h1 class="entry-title">Elsewhere</h1><p>Injected.</p></article></body></html>');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    hits,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

describe('a site that sends malformed data', () => {
  it('reports each bad item and goes on: a numeric date, a CJK slug too long for a file name, encoded term names, unsafe links', async () => {
    const dues = site.post('harbour-dues');
    dues.date_gmt = 1736499600 as unknown as string;
    dues.content.rendered =
      '<p>Pay at <a href="javascript:alert(1)">the office</a> or <a href=" jAvA\tscript:alert(2)">online</a>; see <a href="https://larch.example/x">rules</a>.</p><p><img src="data:image/png;base64,AAAA" alt="x"><a href="data:text/html,<script>alert(3)</script>">more</a></p>';
    dues._embedded['wp:term'][0]![0]!.name = 'Food &amp; Drink';
    const zh = site.posts.find((p) => p.lang === 'zh')!;
    zh.slug = encodeURIComponent('渡'.repeat(120));
    // One page of every post, plus two items no post looks like.
    site.routes.set('/wp-json/wp/v2/posts', (_req, res) => {
      const posts = site.posts.map((p) => ({ ...p, link: p.link.replace('https://larch.example', site.url) }));
      res.writeHead(200, { 'content-type': 'application/json', 'x-wp-totalpages': '1' }).end(JSON.stringify([...posts, { id: 999, link: 'not a url' }, null]));
    });

    const run = await importSite();
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('through the WordPress API');
    expect(run.stdout).toMatch(/harbour-dues\/: date_gmt 1736499600 is not a date: imported without it/);
    expect(run.stdout).toMatch(/the API describes this post wrongly: link: /);
    const note = await read('harbour-dues.md');
    expect(note).not.toMatch(/^date:/m);
    expect(note).toContain('- Food & Drink');
    expect(note).not.toMatch(/javascript|data:/i);
    expect(note).toContain('Pay at the office or online');
    expect(note).toContain('[rules](https://larch.example/x)');
    const zhFiles = await readdir(path.join(out, 'zh'));
    expect(zhFiles).toHaveLength(1);
    expect(Buffer.byteLength(zhFiles[0]!)).toBeLessThanOrEqual(160);
    expect(zhFiles[0]).toMatch(/^渡+-[0-9a-f]{8}\.md$/);
  });

  it('falls back to the feed when the REST API answers with a PHP notice before its JSON, and reads around a bad pubDate', async () => {
    site.routes.set('/wp-json/wp/v2/posts', (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json; charset=UTF-8' });
      res.end(`<br />\n<b>Notice</b>: Undefined index: foo in <b>/var/www/wp-includes/rest-api.php</b> on line <b>42</b><br />\n${JSON.stringify([])}`);
    });
    site.post('ferry-timetables').date_gmt = 'the day after tomorrow';
    const run = await importSite();
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('through the feed');
    expect(run.stderr).toContain('not a JSON list of posts');
    expect(run.stdout).toMatch(/ferry-timetables\/: pubDate "Invalid Date" is not a date: imported without it/);
    expect(await read('ferry-timetables.md')).toContain('Why the Winter Timetable Has Four Crossings');
  });
});

describe('a site that claims no end of pages', () => {
  for (const claimed of ['100000', '1e9']) {
    it(`reads at most --max-pages listing pages when X-WP-TotalPages says ${claimed}`, async () => {
      const fixtures = site.posts.slice(0, 2).map((p) => ({ ...p, link: p.link.replace('https://larch.example', site.url) }));
      site.routes.set('/wp-json/wp/v2/posts', (_req, res) => {
        res.writeHead(200, { 'content-type': 'application/json', 'x-wp-totalpages': claimed });
        res.end(JSON.stringify(fixtures));
      });
      const run = await importSite('--max-pages', '5', '--prune');
      expect(run.code, run.stderr).toBe(0);
      expect(requests('/wp-json/wp/v2/posts')).toBe(5);
      expect(run.stdout).toContain(`the site lists ${Number(claimed)} pages of posts; only the first 5 were read (--max-pages)`);
      expect(run.stdout).toMatch(/pruned nothing: the listing was not read whole/);
    });
  }
});

describe('a site that sends too much', () => {
  it('stops reading a gzip bomb and a huge page at --max-size, and imports the rest', async () => {
    site.api = 'off';
    const bomb = gzipSync(Buffer.alloc(200 * 2 ** 20, 0x41), { level: 9 });
    site.routes.set('/harbour-dues/', (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html', 'content-encoding': 'gzip', 'content-length': String(bomb.length) });
      res.end(bomb);
    });
    const chunk = Buffer.alloc(2 ** 20, 0x42);
    let sent = 0;
    site.routes.set('/pier-repairs/', (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      // 200 MB, written as the reader asks for it: an importer that reads it whole waits for all of it.
      const pump = () => {
        while (sent < 200 && res.write(chunk)) sent++;
        if (sent >= 200) res.end();
        else res.once('drain', pump);
      };
      res.on('close', () => (sent = 200));
      pump();
    });
    // Both are summary-only feed items, so their pages are read.
    site.post('harbour-dues').content.rendered = '';
    site.post('pier-repairs').content.rendered = '';
    const run = await importSite('--max-size', '5');
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/harbour-dues\/: the page is larger than 5 MB \(decompressed\): not read/);
    expect(run.stdout).toMatch(/pier-repairs\/: the page is larger than 5 MB \(decompressed\): not read/);
    expect(run.stdout).toMatch(/added [1-9]/);
  }, 60_000);
});

describe('a site that points elsewhere', () => {
  it('fetches nothing from another host or port: not a sitemap entry, not a redirect, not a canonical link', async () => {
    const other = await otherHost();
    try {
      site.api = 'off';
      site.feed = 'off';
      const urlset = `<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>${other.url}/injected/</loc></url><url><loc>${site.url}/moved/</loc></url><url><loc>${site.url}/harbour-dues/</loc></url></urlset>`;
      site.routes.set('/wp-sitemap-posts-post-1.xml', (_req, res) => res.writeHead(200, { 'content-type': 'application/xml' }).end(urlset));
      site.routes.set('/moved/', (_req, res) => res.writeHead(301, { location: `${other.url}/moved/` }).end());
      const run = await importSite();
      expect(run.code, run.stderr).toBe(0);
      expect(other.hits).toEqual([]);
      expect(run.stdout).toContain(`${other.url}/injected/: not on the site (${site.url}): not fetched`);
      expect(run.stdout).toContain(`${site.url}/moved/: ${other.url}/moved/ is not on the site (${site.url}): not fetched`);
      expect(run.stdout).toMatch(/added 1: harbour-dues\.md/);
    } finally {
      await other.close();
    }
  });

  it('gives up an endless redirect after a few hops and names the cause', async () => {
    site.api = 'off';
    site.feed = 'off';
    let hops = 0;
    site.routes.set('/wp-sitemap-posts-post-1.xml', (_req, res) =>
      res.writeHead(200, { 'content-type': 'application/xml' }).end(`<urlset><url><loc>${site.url}/loop/0</loc></url></urlset>`),
    );
    for (let i = 0; i < 50; i++) {
      site.routes.set(`/loop/${i}`, (_req, res) => {
        hops++;
        res.writeHead(302, { location: `/loop/${i + 1}` }).end();
      });
    }
    const run = await importSite();
    expect(run.stdout).toContain(`${site.url}/loop/0: more than 5 redirects (a redirect loop?): given up`);
    expect(hops).toBe(6);
  });
});

describe('--prune against a flaky site', () => {
  it('keeps the note of a post that is listed but failed to load, and never deletes a hand-edited note without --force', async () => {
    site.api = 'off';
    site.feed = 'off';
    expect((await importSite()).code).toBe(0);
    expect(existsSync(path.join(out, 'harbour-dues.md'))).toBe(true);
    // Edited by hand; then its post disappears from the site.
    await writeFile(path.join(out, 'pier-repairs.md'), `${await read('pier-repairs.md')}\nMy own remark on the repairs.\n`);
    site.posts = site.posts.filter((p) => p.slug !== 'pier-repairs');
    // The harbour-dues page answers 500 during the pruning run: it is still listed.
    site.routes.set('/harbour-dues/', (_req, res) => res.writeHead(500).end('Internal Server Error'));

    const pruning = await importSite('--prune');
    expect(pruning.code, pruning.stderr).toBe(0);
    expect(pruning.stdout).toMatch(/harbour-dues\/: HTTP 500/);
    expect(pruning.stdout).toContain('pruned 0');
    expect(pruning.stdout).toContain('kept pier-repairs.md: its post is gone, but you edited it by hand (--force deletes it)');
    expect(await read('harbour-dues.md')).toContain('Harbour Dues');
    expect(await read('pier-repairs.md')).toContain('My own remark on the repairs.');

    const forced = await importSite('--prune', '--force');
    expect(forced.stdout).toContain('pruned 1: pier-repairs.md');
    expect(existsSync(path.join(out, 'pier-repairs.md'))).toBe(false);
    expect(existsSync(path.join(out, 'harbour-dues.md'))).toBe(true);
  });

  it('never runs the front matter of a note it finds in its output folder', async () => {
    const marker = path.join(await tempDir(), 'pwned');
    await importSite();
    await writeFile(path.join(out, 'evil.md'), `---js\n{ url: (require('fs').writeFileSync(${JSON.stringify(marker)}, 'ran'), 'x') }\n---\n\nText.\n`);
    const run = await importSite('--prune');
    expect(run.code, run.stderr).toBe(0);
    expect(existsSync(marker)).toBe(false);
  });
});
