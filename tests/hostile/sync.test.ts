/**
 * Keeping in step with the site by itself: the running bot (as production runs it) imports from
 * a local WordPress on a schedule, and a post published there becomes answerable in Discord with
 * no human step; a site that fails is logged and retried, and nothing is deleted.
 */
import { readdir } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BotProcess } from '../support/bot-process.js';
import { FakeDiscord, nextId, slashCommand } from '../support/fake-discord.js';
import { FakeWordPress } from '../support/fake-wordpress.js';
import { tempDir } from '../support/paths.js';

const STRING = 3;

let fake: FakeDiscord;
let site: FakeWordPress;
let bot: BotProcess;
let notes: string;

beforeAll(async () => {
  fake = await new FakeDiscord().start();
  site = await new FakeWordPress().start();
  notes = await tempDir('notes-bot-synced-');
  bot = await (
    await BotProcess.start(fake, {
      NOTES_DIR: notes,
      INDEX_DIR: await tempDir(),
      SYNC_SITE_URL: site.url,
      SYNC_INTERVAL_MINUTES: '0.02',
      REINDEX_DEBOUNCE_MS: '200',
    })
  ).ready();
});
afterAll(async () => {
  expect(await bot?.stop()).toBe(0);
  await site?.stop();
  await fake?.stop();
});

async function answerTitles(question: string): Promise<string[]> {
  const i = slashCommand({ id: nextId(), username: 'reader' }, 'ask', [{ name: 'question', type: STRING, value: question }]);
  await fake.send(i);
  const body = (await fake.edited(i)).body;
  return (body.embeds ?? []).map((e: { title: string }) => e.title);
}

/** Polls an async check every 200 ms until it holds. */
async function eventually(check: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  for (const until = Date.now() + timeoutMs; !(await check()); await new Promise((r) => setTimeout(r, 200))) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
  }
}

/** Publishes a new post on the site, modified now. */
function publish(id: number, slug: string, title: string, html: string): void {
  site.posts.push({
    ...site.post('harbour-dues'),
    id,
    slug,
    link: `https://larch.example/${slug}/`,
    title: { rendered: title },
    content: { rendered: html },
    modified_gmt: new Date().toISOString().slice(0, 19),
  });
}

const markdownFiles = async () => (await readdir(notes, { recursive: true })).filter((f) => f.endsWith('.md')).sort();

describe('the bot in step with the site', () => {
  it('imports the site by itself, then only what changed, and a new post becomes answerable without a restart', async () => {
    await eventually(async () => (await markdownFiles()).length === 8, 30_000, 'the first sync');
    const title = 'The Quillwort Survey of the Upper Sound';
    publish(4242, 'quillwort-survey', title, '<p>The quillwort survey counted 4,210 plants along the upper sound in the spring.</p>');
    let titles: string[] = [];
    for (let attempt = 0; attempt < 60 && !titles.includes(title); attempt++) {
      await new Promise((r) => setTimeout(r, 500));
      titles = await answerTitles('How many quillwort plants did the survey count?');
    }
    expect(titles[0]).toBe(title);
    // Later syncs ask only for what changed.
    expect(site.served.some((r) => r.path.includes('modified_after='))).toBe(true);
  }, 60_000);

  it('logs a failing site, deletes nothing, and goes on once the site is back', async () => {
    const before = await markdownFiles();
    site.api = 'off';
    site.feed = 'off';
    for (const root of ['/wp-sitemap.xml', '/sitemap_index.xml', '/sitemap.xml']) site.routes.set(root, (_req, res) => res.writeHead(404).end());
    const failuresBefore = bot.logs.filter((l) => l.msg === 'sync with the site failed; trying again at the next interval').length;
    await fake.waitFor(
      () => bot.logs.filter((l) => l.msg === 'sync with the site failed; trying again at the next interval').length >= failuresBefore + 2,
      30_000,
      'two failed syncs',
    );
    expect(await markdownFiles()).toEqual(before);

    site.api = 'on';
    site.feed = 'on';
    site.routes.clear();
    publish(4343, 'second-crane', 'Why the Pier Needs a Second Crane', '<p>A second crane would halve the unloading time of the Tuesday freight.</p>');
    await eventually(async () => (await markdownFiles()).includes('second-crane.md'), 30_000, 'the sync after the site came back');
    expect(await markdownFiles()).toEqual([...before, 'second-crane.md'].sort());
  }, 90_000);
});
