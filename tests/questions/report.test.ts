import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadTransformersEmbedder, type Embedder } from '../../src/embed/embedder.js';
import { reportData, type ReportData } from '../../src/questions/report.js';
import { reportHtml } from '../../src/questions/report-html.js';
import { cli } from '../support/cli.js';
import { TINY_MODEL, tempDir } from '../support/paths.js';
import { fixtureLog } from '../support/question-log.js';

const CHROMIUM = '/usr/bin/chromium';
const NOW = Date.UTC(2026, 10, 30, 12);

describe('the report', () => {
  let embedder: Embedder;
  let data: ReportData;
  let file: string;
  beforeAll(async () => {
    embedder = await loadTransformersEmbedder(TINY_MODEL, await tempDir());
    const fixture = await fixtureLog(NOW);
    file = fixture.file;
    fixture.log.record({
      key: 'hostile',
      command: 'ask',
      question: '<script>alert(1)</script> membership fees?',
      answered: false,
      weak: false,
      shown: [],
      at: NOW - 1000,
    });
    data = await reportData(fixture.log, { since: NOW - 30 * 86_400_000, until: NOW + 1, embedder });
    fixture.log.close();
  });

  it('counts what was asked, answered and voted', () => {
    expect(data.totals).toEqual({ questions: 33, answered: 17, notCovered: 16, weak: 3, helpful: 11, unhelpful: 4 });
    expect(data.perDay.reduce((n, d) => n + d.answered + d.notCovered, 0)).toBe(33);
    // Counted by hand from the fixture: the introduction is shown in 11 answers, the RIRs note in 9.
    expect(data.quoted.slice(0, 2)).toMatchObject([
      { title: 'About Lu Heng: Notes', times: 11 },
      { title: 'Why RIRs Do Not Have Authority — and Why “Community Sovereignty” Breaks the System', times: 9 },
    ]);
    expect(data.unhelpful.map((u) => u.comment)).toContain('I wanted the actual court cases where this was tested');
  });

  it('groups the questions the notes do not cover by meaning: one line per topic, with examples', () => {
    const topics = data.uncovered.slice(0, 3);
    expect(topics.map((t) => t.count)).toEqual([6, 4, 3]);
    const fees = [topics[0]!.example, ...topics[0]!.others].join(' ');
    expect(fees).toMatch(/membership/i);
    expect(fees).not.toMatch(/ipv6|leas/i);
    expect([topics[1]!.example, ...topics[1]!.others].every((q) => /ipv6/i.test(q))).toBe(true);
    expect([topics[2]!.example, ...topics[2]!.others].every((q) => /leas/i.test(q))).toBe(true);
    expect(data.uncovered.slice(3).every((t) => t.count === 1)).toBe(true);
  });

  it('is one self-contained HTML page with its charts drawn in, and every question escaped', async () => {
    const html = await reportHtml(data);
    expect(html.match(/<svg/g)).toHaveLength(2);
    expect(html).not.toMatch(/<script|src=|href=/i);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; membership fees?');
    expect(html).toContain('<strong>6 questions</strong> like');
  });

  it.skipIf(!existsSync(CHROMIUM))(
    'renders in Chromium with its charts',
    async () => {
      const browser = await chromium.launch({
        executablePath: CHROMIUM,
        args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
      });
      try {
        const page = await browser.newPage({ viewport: { width: 1000, height: 800 } });
        const errors: string[] = [];
        page.on('pageerror', (e) => errors.push(e.message));
        await page.setContent(await reportHtml(data));
        const charts = await page
          .locator('figure svg')
          .evaluateAll((svgs) => svgs.map((s) => ({ width: s.getBoundingClientRect().width, marks: s.querySelectorAll('path, rect').length })));
        expect(charts).toHaveLength(2);
        for (const c of charts) {
          expect(c.width).toBeGreaterThan(300);
          expect(c.marks).toBeGreaterThan(5);
        }
        expect(await page.locator('ol.topics li').count()).toBe(data.uncovered.length);
        expect(errors).toEqual([]);
      } finally {
        await browser.close();
      }
    },
    60_000,
  );

  it('npm run report writes the page and says what is in it', async () => {
    const out = path.join(await tempDir(), 'report.html');
    const run = await cli('report', ['--log', file, '--since', '2026-10-01', '--out', out]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^Wrote .*report\.html: 33 questions, 17 answered, 16 not covered in \d+ topics\.$/m);
    expect(await readFile(out, 'utf8')).toContain('What people asked the notes');
  });
});
