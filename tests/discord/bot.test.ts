import { cp, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readConfig } from '../../src/config.js';
import { startBot, type RunningBot } from '../../src/discord/client.js';
import { Cooldown } from '../../src/discord/cooldown.js';
import { pinoLog } from '../../src/log/pino.js';
import { QuestionMemory } from '../../src/discord/memory.js';
import { silentLog } from '../../src/log/log.js';
import { importSite } from '../../src/import/import.js';
import { LiveIndex } from '../../src/index/live.js';
import { prepare } from '../../src/prepare.js';
import type { SearchEngine } from '../../src/search/engine.js';
import {
  APP_ID,
  autocomplete,
  buttonClick,
  FakeDiscord,
  MANAGER_PERMISSIONS,
  messageMenu,
  nextId,
  slashCommand,
  type SentInteraction,
  type User,
} from '../support/fake-discord.js';
import { FakeWordPress } from '../support/fake-wordpress.js';
import { CORPUS, TINY_MODEL, tempDir } from '../support/paths.js';

const EPHEMERAL = 64;
const STRING = 3;
const BOOLEAN = 5;
const FAILING_QUESTION = 'please trigger an internal error';

let fake: FakeDiscord;
let bot: RunningBot;
let live: LiveIndex;
let notesDir: string;
const logLines: Record<string, any>[] = [];

function user(): User {
  const id = nextId();
  return { id, username: `reader${id.slice(-4)}` };
}

const send = (i: SentInteraction) => fake.send(i);
const edited = (i: SentInteraction) => fake.edited(i);

/** Asks every 200 ms, for up to 10 s, until the answer's first title is `title`; returns the last first title. */
async function askUntilFirst(question: string, title: string): Promise<string | undefined> {
  let first: string | undefined;
  for (let attempt = 0; attempt < 50 && first !== title; attempt++) {
    await new Promise((r) => setTimeout(r, 200));
    const i = slashCommand(user(), 'ask', [{ name: 'question', type: STRING, value: question }]);
    await send(i);
    first = (await edited(i)).body.embeds?.[0]?.title;
  }
  return first;
}

function customIds(body: any): string[] {
  return (body.components ?? []).flatMap((row: any) => row.components.map((c: any) => c.custom_id));
}

const fatal: number[] = [];
const commandIds = new Map<string, string>();
/** The cooldown's clock: tests move it on instead of waiting. */
let clock = 1_000_000;
const waitOutCooldown = () => (clock += 31_000);

beforeAll(async () => {
  // The corpus plus five short notes, so that /notes has a second page.
  notesDir = await tempDir('notes-bot-discord-');
  await cp(CORPUS, notesDir, { recursive: true });
  for (let i = 1; i <= 5; i++) {
    await writeFile(
      path.join(notesDir, `extra-${i}.md`),
      `---\ntitle: Extra Test Note ${i}\ndate: 2020-01-0${i}\ntest_data: true\n---\n\nA short test note, number ${i}, about ferries.\n`,
    );
  }
  const config = readConfig({}, { NOTES_DIR: notesDir, INDEX_DIR: await tempDir(), EMBEDDING_MODEL: TINY_MODEL });
  live = await LiveIndex.start(config, await prepare(config, { log: silentLog }), silentLog);
  await live.watch(200);
  // The serving engine, except that one question makes it throw: a handler failure on demand.
  const failing = (engine: SearchEngine): SearchEngine => ({
    ...engine,
    search: (question, options) => (question === FAILING_QUESTION ? Promise.reject(new Error('index exploded')) : engine.search(question, options)),
  });
  const logStream = new PassThrough();
  logStream.on('data', (chunk: Buffer) =>
    chunk
      .toString()
      .split('\n')
      .filter(Boolean)
      .forEach((l) => logLines.push(JSON.parse(l))),
  );

  fake = await new FakeDiscord().start();
  bot = await startBot(
    { token: 'fake-token', apiUrl: fake.apiUrl },
    {
      engine: () => failing(live.engine),
      notes: () => live.notes,
      reindex: () => live.reindex(),
      memory: new QuestionMemory(),
      commandIds,
      cooldown: new Cooldown(30, () => clock),
      log: pinoLog('info', logStream),
    },
    (error) => fatal.push(error.code),
  );
});

afterAll(async () => {
  await live?.close();
  await bot?.stop();
  await fake?.stop();
});

describe('the bot against a fake Discord', () => {
  it('connects with the Guilds intent only', () => {
    const identify = fake.gatewayFrames.find((f) => f.op === 2)!;
    expect(identify.d.token).toBe('fake-token');
    expect(identify.d.intents).toBe(1);
    expect(bot.client.isReady()).toBe(true);
    expect(bot.gateway()).toBe('ready');
    expect(fatal).toEqual([]);
  });

  it('/ask: defers privately, then answers with quoted passages, More and Share', async () => {
    const asker = user();
    const i = slashCommand(asker, 'ask', [{ name: 'question', type: STRING, value: 'What fell from 70% to 52%?' }]);
    const callback = await send(i);
    expect(callback.body).toEqual({ type: 5, data: { flags: EPHEMERAL } });
    const answer = (await edited(i)).body;
    expect(answer.content).toContain('What fell from 70% to 52%?');
    expect(answer.embeds.length).toBeGreaterThan(0);
    expect(answer.embeds.length).toBeLessThanOrEqual(3);
    const top = answer.embeds[0];
    expect(top.title).toBe('Holding Periods and the 24-Month Rule');
    expect(top.url).toMatch(/^https:\/\/dev\.heng\.lu\/holding-periods#:~:text=/);
    // One screen: the sentence that answers comes first, in bold; the date is a Discord timestamp.
    expect(top.description).toMatch(/^\*\*In 2024 the average loan-to-value ratio for water-backed loans fell from 70% to 52%/);
    expect(top.description).toContain(`<t:${Date.UTC(2025, 0, 14, 12) / 1000}:D>`);
    expect(top.footer).toBeUndefined();
    const text = answer.content.length + answer.embeds.reduce((n: number, e: any) => n + e.title.length + e.description.length, 0);
    expect(text).toBeLessThanOrEqual(1_200);
    // An exact match of the question's words: the other passages score far below it and are left out.
    expect(answer.embeds).toHaveLength(1);
    expect(customIds(answer).map((id) => id.split(':')[0])).toEqual(['full', 'share']);
    expect(answer.allowed_mentions).toEqual({ parse: [], replied_user: false });

    // The whole passages are a tap away, without a new search (no cooldown).
    const full = (
      await send(
        buttonClick(
          asker,
          customIds(answer).find((id) => id.startsWith('full:'))!,
          { flags: EPHEMERAL },
        ),
      )
    ).body;
    expect(full.type).toBe(4);
    expect(full.data.flags).toBe(EPHEMERAL);
    expect(full.data.embeds[0].description.length).toBeGreaterThan(top.description.length);
  });

  it('/ask public=true: defers publicly and offers no Share', async () => {
    const i = slashCommand(user(), 'ask', [
      { name: 'question', type: STRING, value: 'Who was the last keeper of the lighthouse?' },
      { name: 'public', type: BOOLEAN, value: true },
    ]);
    expect((await send(i)).body).toEqual({ type: 5, data: { flags: 0 } });
    const answer = (await edited(i)).body;
    expect(answer.embeds[0].title).toBe('The Last Keepers of the Merrow Lighthouse');
    expect(customIds(answer).some((id) => id.startsWith('share:'))).toBe(false);
  });

  it('More shows the next passages; Share posts the answer publicly', async () => {
    const asker = user();
    const i = slashCommand(asker, 'ask', [{ name: 'question', type: STRING, value: 'the Water Board and its register' }]);
    await send(i);
    const first = (await edited(i)).body;
    const more = customIds(first).find((id) => id.startsWith('more:'))!;
    const share = customIds(first).find((id) => id.startsWith('share:'))!;

    // More runs a search: it waits out the cooldown like a question, shown as a Discord timestamp.
    const tooSoon = await send(buttonClick(asker, more, { flags: EPHEMERAL }));
    expect(tooSoon.body.data.content).toMatch(/try again <t:\d+:R>\./);
    waitOutCooldown();
    const click = buttonClick(asker, more, { flags: EPHEMERAL });
    expect((await send(click)).body).toEqual({ type: 5, data: { flags: EPHEMERAL } });
    const next = (await edited(click)).body;
    expect(next.embeds.length).toBeGreaterThan(0);
    const firstUrls = first.embeds.map((e: any) => e.url);
    for (const e of next.embeds) expect(firstUrls).not.toContain(e.url);

    // Share posts the answer once, crediting the sharer without a ping; the private copy's Share
    // button then says so and is disabled. It shows the answer again: no search, no cooldown.
    const shareClick = buttonClick(asker, share, { flags: EPHEMERAL, components: first.components });
    expect((await send(shareClick)).body).toEqual({ type: 6 });
    const posted = await fake.waitFor(
      () => fake.requestsFor(shareClick).find((r) => r.method === 'POST' && !r.path.endsWith('/callback')),
      10_000,
      'the public copy',
    );
    expect(posted.body.flags ?? 0).toBe(0);
    expect(posted.body.content).toContain(`Shared by <@${asker.id}>`);
    expect(posted.body.allowed_mentions).toEqual({ parse: [], replied_user: false });
    expect(posted.body.embeds.map((e: any) => e.url)).toEqual(firstUrls);
    expect(posted.body.components).toEqual([]);
    const privateCopy = (await edited(shareClick)).body;
    const shareButton = privateCopy.components[0].components.find((c: any) => c.custom_id === share);
    expect(shareButton).toMatchObject({ label: 'Shared', disabled: true });
    expect(privateCopy.components[0].components.filter((c: any) => !c.disabled).map((c: any) => c.custom_id.split(':')[0])).toEqual(['more', 'full']);
    const again = (await send(buttonClick(asker, share, { flags: EPHEMERAL }))).body;
    expect(again.data.content).toBe('This answer has been shared already.');
  });

  it('a button the bot does not know says it is no longer active', async () => {
    const callback = await send(buttonClick(user(), 'tampered:123'));
    expect(callback.body).toMatchObject({ type: 4, data: { flags: EPHEMERAL, content: 'That button is no longer active. Run the command again.' } });
  });

  it('a button of a forgotten answer says it expired', async () => {
    const click = buttonClick(user(), 'more:unknownkey:3');
    const callback = await send(click);
    expect(callback.body.type).toBe(4);
    expect(callback.body.data.content).toMatch(/expired/);
    expect(callback.body.data.flags).toBe(EPHEMERAL);
  });

  it('says plainly when the notes do not cover a question, and offers the closest notes', async () => {
    const i = slashCommand(user(), 'ask', [{ name: 'question', type: STRING, value: 'What is the best recipe for sourdough bread?' }]);
    await send(i);
    const answer = (await edited(i)).body;
    expect(answer.content).toContain('The notes don’t cover this.');
    expect(answer.content).toMatch(/Closest notes: \[.+\]\(<https:\/\/dev\.heng\.lu\//);
    expect(answer.embeds).toEqual([]);
  });

  it('/quote: autocompletes note titles, then posts a passage as a block quote', async () => {
    const reader = user();
    const ac = autocomplete(reader, 'quote', [{ name: 'note', type: STRING, value: 'hold', focused: true }]);
    const choices = (await send(ac)).body;
    expect(choices.type).toBe(8);
    expect(choices.data.choices.length).toBeLessThanOrEqual(25);
    const choice = choices.data.choices.find((c: any) => c.name === 'Holding Periods and the 24-Month Rule');
    expect(choice).toBeDefined();

    const all = autocomplete(reader, 'quote', [{ name: 'note', type: STRING, value: '', focused: true }]);
    expect((await send(all)).body.data.choices).toHaveLength(22);

    const q = slashCommand(reader, 'quote', [
      { name: 'note', type: STRING, value: choice.value },
      { name: 'about', type: STRING, value: 'what happens to lenders' },
    ]);
    expect((await send(q)).body).toEqual({ type: 5, data: { flags: 0 } });
    const posted = (await edited(q)).body;
    expect(posted.content).toMatch(/^> /);
    expect(posted.content).toContain('The rule also hurts lenders.');
    // Links that read: the title is a masked link to the quoted sentence, never a raw address.
    expect(posted.content).toMatch(
      new RegExp(
        `— \\*\\*\\[Holding Periods and the 24-Month Rule\\]\\(<https://dev\\.heng\\.lu/holding-periods#:~:text=[^>]+>\\)\\*\\*, Lu Heng · <t:${Date.UTC(2025, 0, 14, 12) / 1000}:D>$`,
      ),
    );
  });

  it('/quote without a topic quotes the lead; an unknown note gets a helpful reply', async () => {
    const reader = user();
    const q = slashCommand(reader, 'quote', [{ name: 'note', type: STRING, value: 'lighthouse-keepers' }]);
    await send(q);
    expect((await edited(q)).body.content).toMatch(/^> The Merrow Lighthouse was automated in 1994/);
    const unknown = slashCommand(user(), 'quote', [{ name: 'note', type: STRING, value: 'No Such Note' }]);
    const reply = (await send(unknown)).body;
    expect(reply.type).toBe(4);
    expect(reply.data.flags).toBe(EPHEMERAL);
    expect(reply.data.content).toContain('There is no note called “No Such Note”');
  });

  it('/claim gives a verdict: stated (with the quote), its numbers in another context, or not in the notes', async () => {
    const claim = async (text: string) => {
      const i = slashCommand(user(), 'claim', [{ name: 'text', type: STRING, value: text }]);
      await send(i);
      return (await edited(i)).body;
    };
    const stated = await claim('a share sells for $1,450');
    expect(stated.content).toContain('**Stated in the notes.**');
    expect(stated.content).toContain('Found: `$1,450`');
    expect(stated.embeds[0].title).toBe('What Harrow Valley Water Is Really Worth');
    expect(stated.embeds[0].description).toMatch(/^\*\*[^*]*\$1,450/);

    const elsewhere = await claim('$1,450 is the yearly wage of a lighthouse keeper');
    expect(elsewhere.content).toContain('**The numbers appear in the notes, but in another context: not this claim.**');
    expect(elsewhere.embeds[0].description).toContain('$1,450');

    const missing = await claim('the water is worth $99 trillion');
    expect(missing.content).toContain('**Not in the notes.**');
    expect(missing.content).toContain('Not found: `$99`');
  });

  it('/notes lists the notes with dates and links, paged with buttons', async () => {
    const reader = user();
    const i = slashCommand(reader, 'notes');
    const reply = (await send(i)).body;
    expect(reply.type).toBe(4);
    expect(reply.data.flags).toBe(EPHEMERAL);
    const page1 = reply.data.embeds[0];
    expect(page1.footer.text).toBe('Page 1 of 3 · 22 notes');
    expect(page1.description.split('\n')[0]).toBe(
      `• [The Fenwick Bend Sluice Is Failing](<https://dev.heng.lu/fenwick-bend-sluice>) — <t:${Date.UTC(2025, 9, 9, 12) / 1000}:D>`,
    );
    const next = customIds(reply.data).find((id) => id.startsWith('notes:1'))!;
    const click = buttonClick(reader, next, { flags: EPHEMERAL });
    const update = (await send(click)).body;
    expect(update.type).toBe(7);
    expect(update.data.embeds[0].footer.text).toBe('Page 2 of 3 · 22 notes');
    expect(update.data.embeds[0].description).not.toContain('Fenwick');
    const last = (await send(buttonClick(reader, 'notes:2:', { flags: EPHEMERAL }))).body;
    expect(last.data.embeds[0].description).toContain('Extra Test Note 1');

    const filtered = (await send(slashCommand(reader, 'notes', [{ name: 'filter', type: STRING, value: 'lighthouse' }]))).body;
    expect(filtered.data.embeds[0].description.split('\n')).toHaveLength(1);
  });

  it('the "Search notes" message menu runs the ask flow on the message, privately', async () => {
    const i = messageMenu(user(), 'Search notes', 'The Board has no power to reclaim unused shares, right?');
    expect((await send(i)).body).toEqual({ type: 5, data: { flags: EPHEMERAL } });
    const answer = (await edited(i)).body;
    expect(answer.embeds.some((e: any) => e.title === 'The Water Board Has No Authority to Reclaim Shares')).toBe(true);
    // It links to the message it searched rather than echo it.
    expect(answer.content).toMatch(/^Searched the notes for \[this message\]\(<https:\/\/discord\.com\/channels\/\d+\/\d+\/\d+>\)$/);
  });

  it('the message menu searches a 4,000-character message whole: the question at its end is not lost', async () => {
    const chatter = 'I was thinking about this over the weekend and talking it through with a few friends at the market. ';
    const text = `${chatter.repeat(40)}So tell me: who was the last keeper of the Merrow lighthouse?`.slice(-4000);
    expect(text.length).toBe(4000);
    const i = messageMenu(user(), 'Search notes', text);
    expect((await send(i)).body).toEqual({ type: 5, data: { flags: EPHEMERAL } });
    const answer = (await edited(i)).body;
    expect(answer.embeds.map((e: any) => e.title)).toContain('The Last Keepers of the Merrow Lighthouse');
    // It says which sentence of the message it searched for: the question, without its lead-in.
    expect(answer.content.split('\n')[1]).toBe('-# Searched for: “who was the last keeper of the Merrow lighthouse?”');
  });

  it('says how sure it is: a weak match is drawn in grey under a plain warning', async () => {
    const weak = slashCommand(user(), 'ask', [{ name: 'question', type: STRING, value: 'When will the new railway station open?' }]);
    await send(weak);
    const answer = (await edited(weak)).body;
    expect(answer.content).toContain('-# Closest passages; the notes may not answer this.');
    for (const e of answer.embeds) expect(e.color).toBe(0x70757d);
    const strong = slashCommand(user(), 'ask', [{ name: 'question', type: STRING, value: 'Agnes Tull' }]);
    await send(strong);
    const sure = (await edited(strong)).body;
    expect(sure.content).not.toContain('may not answer');
    expect(sure.embeds[0].color).toBe(0x2b6cb0);
  });

  it('answers a reader whose Discord is in Chinese in Chinese', async () => {
    const reader = { ...user(), locale: 'zh-CN' };
    const i = slashCommand(reader, 'ask', [{ name: 'question', type: STRING, value: 'Who was the last keeper of the lighthouse?' }]);
    await send(i);
    const answer = (await edited(i)).body;
    expect(answer.content).toMatch(/^\*\*问:\*\* /);
    expect(answer.components[0].components.map((c: any) => c.label)).toEqual(expect.arrayContaining(['完整段落', '分享']));
    const notCovered = slashCommand(reader, 'ask', [{ name: 'question', type: STRING, value: 'What is the best recipe for sourdough bread?' }]);
    waitOutCooldown();
    await send(notCovered);
    expect((await edited(notCovered)).body.content).toContain('笔记没有谈到这个问题。');
    const tooSoon = (await send(slashCommand(reader, 'ask', [{ name: 'question', type: STRING, value: 'Agnes Tull' }]))).body;
    expect(tooSoon.data.content).toMatch(/^你问得太快了：请在 <t:\d+:R> 再试。$/);
    const traditional = (await send(slashCommand({ ...user(), locale: 'zh-TW' }, 'notes'))).body;
    expect(traditional.data.embeds[0].footer.text).toMatch(/^第 1 頁，共 \d+ 頁/);
  });

  it('/help lists the commands the reader may use, as clickable mentions, in words that fit a phone', async () => {
    const values = async (who: User) => {
      const reply = (await send(slashCommand(who, 'help'))).body;
      expect(reply.data.flags).toBe(EPHEMERAL);
      return reply.data.embeds[0].fields.map((f: any) => f.value.split('\n')[0]);
    };
    commandIds.set('ask', '900000000000000001');
    expect(await values(user())).toEqual([
      '</ask:900000000000000001> `question [public]`',
      '/quote `note [about]`',
      '/claim `text [public]`',
      '/notes `[filter]`',
      '**Search notes**',
      '/help',
    ]);
    expect((await values({ ...user(), permissions: MANAGER_PERMISSIONS })).slice(-2)).toEqual(['/reindex', '/report']);
    const all = (await send(slashCommand(user(), 'help'))).body.data.embeds[0].fields.map((f: any) => f.value).join('\n');
    expect(all).toContain('Long-press a message (phone) or right-click it (desktop)');
  });

  it('a per-user cooldown answers a second quick question with the wait', async () => {
    const reader = user();
    await send(slashCommand(reader, 'ask', [{ name: 'question', type: STRING, value: 'Agnes Tull' }]));
    const second = (await send(slashCommand(reader, 'ask', [{ name: 'question', type: STRING, value: 'Five Keepers plan' }]))).body;
    expect(second.type).toBe(4);
    expect(second.data.flags).toBe(EPHEMERAL);
    expect(second.data.content).toMatch(/try again <t:\d+:R>\./);
    // Another reader is not held up.
    expect((await send(slashCommand(user(), 'ask', [{ name: 'question', type: STRING, value: 'Five Keepers plan' }]))).body.type).toBe(5);
  });

  it.each([
    ['empty', '', /question is empty/],
    ['whitespace only', '   \n  ', /question is empty/],
    ['emoji only', '🤔🤔🔥', /no words/],
    ['4,000 characters', 'a'.repeat(4000), /4000 characters long/],
  ])('a bad question (%s) gets a helpful private reply', async (_kind, question, message) => {
    const reply = (await send(slashCommand(user(), 'ask', [{ name: 'question', type: STRING, value: question }]))).body;
    expect(reply.type).toBe(4);
    expect(reply.data.flags).toBe(EPHEMERAL);
    expect(reply.data.content).toMatch(message);
  });

  it('keeps nothing of the people who ask, nor its own answers: memory does not grow with each new reader', async () => {
    const asked = Array.from({ length: 40 }, () => slashCommand(user(), 'ask', [{ name: 'question', type: STRING, value: 'Agnes Tull' }]));
    for (const i of asked) await send(i);
    for (const i of asked) expect((await edited(i)).body.embeds?.length).toBeGreaterThan(0);
    const { client } = bot;
    // Only the bot itself: every interaction brings the user and member who acted.
    expect([...client.users.cache.keys()]).toEqual([client.user.id]);
    expect(client.guilds.cache.reduce((n, g) => n + g.members.cache.filter((m) => m.id !== client.user.id).size, 0)).toBe(0);
    expect(client.channels.cache.reduce((n, c) => n + ('messages' in c ? c.messages.cache.size : 0), 0)).toBe(0);
  });

  it('never pings: "@everyone" in a question is echoed harmlessly', async () => {
    const i = slashCommand(user(), 'ask', [{ name: 'question', type: STRING, value: '@everyone do registries have authority? <@123456789012345678>' }]);
    await send(i);
    const answer = (await edited(i)).body;
    expect(answer.content).toContain('@\u200beveryone');
    expect(answer.content).not.toMatch(/(^|[^\u200b])@everyone/);
    expect(answer.content).not.toContain('<@123456789012345678>');
    expect(answer.allowed_mentions).toEqual({ parse: [], replied_user: false });
  });

  it('a handler that throws: an apology with a request id, logged, and the bot goes on', async () => {
    const i = slashCommand(user(), 'ask', [{ name: 'question', type: STRING, value: FAILING_QUESTION }]);
    await send(i);
    const followUp = await fake.waitFor(() => fake.requestsFor(i).find((r) => r.method === 'POST' && r.path === `/webhooks/${APP_ID}/${i.token}`));
    const id = /request id `([0-9a-f]{8})`/.exec(followUp.body.content)?.[1];
    expect(id).toBeDefined();
    expect(followUp.body.flags).toBe(EPHEMERAL);
    const logged = logLines.find((l) => l.requestId === id);
    expect(logged).toMatchObject({ level: 50, msg: 'handler failed', err: { message: 'index exploded' } });
    expect((await send(slashCommand(user(), 'help'))).body.type).toBe(4);
  });

  it('an expired interaction (10062) is logged, not fatal', async () => {
    const i = slashCommand(user(), 'help');
    fake.expired.add(i.id);
    await send(i);
    await fake.waitFor(() => logLines.some((l) => l.msg === 'interaction expired before it was answered'), 5_000, 'the expiry to be logged');
    expect((await send(slashCommand(user(), 'help'))).body.type).toBe(4);
    expect(bot.client.isReady()).toBe(true);
  });

  it('a note added to the folder is answered without a restart', async () => {
    await writeFile(
      path.join(notesDir, 'tidal-mills.md'),
      '---\ntitle: Tidal Mills of the Estuary\ntest_data: true\n---\n\nThe old tidal mill at Kessock ground forty tonnes of oats on every spring tide.\n',
    );
    expect(await askUntilFirst('Kessock tidal mill', 'Tidal Mills of the Estuary')).toBe('Tidal Mills of the Estuary');
  });

  it('npm run import into the folder makes the new posts answerable without a restart', async () => {
    const site = await new FakeWordPress().start();
    try {
      const summary = await importSite({ site: site.url, outDir: notesDir, prune: false, force: false });
      expect(summary.added).toHaveLength(8);
    } finally {
      await site.stop();
    }
    const title = 'Why the Winter Timetable Has Four Crossings';
    expect(await askUntilFirst('When is the MV Larch maintenance window?', title)).toBe(title);
  });

  it('/reindex, for server managers, re-indexes on demand and reports counts', async () => {
    const definition = (await import('../../src/discord/commands/reindex.js')).reindexCommand.data as { default_member_permissions: string };
    expect(definition.default_member_permissions).toBe('32');
    const i = slashCommand(user(), 'reindex');
    expect((await send(i)).body).toEqual({ type: 5, data: { flags: EPHEMERAL } });
    const report = (await edited(i)).body.content as string;
    expect(report).toMatch(/(Re-indexed 31 notes into \d+ passages|already up to date: 31 notes)/);
    expect(report).toContain('1 skipped:');
    expect(report).toContain('broken-yaml.md');
  });

  it('questions asked during a re-index all get complete answers', async () => {
    for (let n = 0; n < 150; n++) {
      const body = Array.from(
        { length: 4 },
        (_, p) => `Paragraph ${p} of generated test note ${n} describes ferry route ${n * 10 + p} and its timetable in some detail.`,
      ).join('\n\n');
      await writeFile(path.join(notesDir, `generated-${n}.md`), `---\ntitle: Generated Test Note ${n}\ntest_data: true\n---\n\n${body}\n`);
    }
    const reindexing = live.reindex();
    let done = false;
    void reindexing.then(() => (done = true));
    const asked: SentInteraction[] = [];
    while (!done || asked.length === 0) {
      const i = slashCommand(user(), 'ask', [{ name: 'question', type: STRING, value: 'What fell from 70% to 52%?' }]);
      fake.sendInteraction(i.payload);
      asked.push(i);
      await new Promise((r) => setTimeout(r, 25));
    }
    const report = await reindexing;
    expect(report.notes).toBe(181);
    for (const i of asked) {
      const answer = (await edited(i)).body;
      expect(answer.embeds[0].title).toBe('Holding Periods and the 24-Month Rule');
    }
    expect(logLines.filter((l) => l.msg === 'handler failed' && l.err?.message !== 'index exploded')).toEqual([]);
  });

  it('every message it sent stayed within Discord’s limits and pinged no one', () => {
    const messages = fake.requests
      .map((r) => (r.path.endsWith('/callback') ? r.body.data : r.method !== 'GET' && r.path.startsWith('/webhooks/') ? r.body : undefined))
      .filter((m) => m && (m.content !== undefined || m.embeds !== undefined));
    expect(messages.length).toBeGreaterThan(20);
    for (const m of messages) {
      expect(m.allowed_mentions).toEqual({ parse: [], replied_user: false });
      expect((m.content ?? '').length).toBeLessThanOrEqual(2000);
      const embeds = m.embeds ?? [];
      expect(embeds.length).toBeLessThanOrEqual(10);
      let total = 0;
      for (const e of embeds) {
        expect((e.title ?? '').length).toBeLessThanOrEqual(256);
        expect((e.description ?? '').length).toBeLessThanOrEqual(4096);
        total += (e.title ?? '').length + (e.description ?? '').length + (e.footer?.text ?? '').length;
        total += (e.fields ?? []).reduce((n: number, f: any) => n + f.name.length + f.value.length, 0);
      }
      expect(total).toBeLessThanOrEqual(6000);
      for (const id of customIds(m)) expect(id.length).toBeLessThanOrEqual(100);
      // Links that read: every address in a message's text is the target of a masked link.
      const texts = [m.content ?? '', ...embeds.flatMap((e: any) => [e.description ?? '', ...(e.fields ?? []).map((f: any) => f.value)])];
      for (const text of texts) expect(text.replace(/\]\(<[^>]+>\)/g, ']'), text).not.toMatch(/https?:\/\//);
    }
  });
});
