/**
 * The running bot (node dist/discord/main.js, as production runs it) against a hostile fake
 * Discord and hostile input: a gateway that refuses it or goes away, tokens that must stay out of
 * the logs, masked links in what people type, tampered buttons, re-index spam, a huge note
 * dropped into the folder and a read-only index.
 */
import { appendFile, cp, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BotProcess } from '../support/bot-process.js';
import { buttonClick, FakeDiscord, nextId, slashCommand, type User } from '../support/fake-discord.js';
import { MountNamespace } from '../support/mount-namespace.js';
import { CORPUS, tempDir } from '../support/paths.js';

const STRING = 3;
const BOOLEAN = 5;
const EPHEMERAL = 64;
const user = (): User => ({ id: nextId(), username: `hostile${Math.random().toString(36).slice(2, 6)}` });

let fake: FakeDiscord;
beforeAll(async () => {
  fake = await new FakeDiscord().start();
});
afterAll(async () => {
  await fake.stop();
});

async function corpusCopy(): Promise<string> {
  const dir = await tempDir('notes-bot-notes-');
  await cp(CORPUS, dir, { recursive: true });
  return dir;
}

describe('a gateway that refuses the bot for good', () => {
  it('close code 4004 (bad token): the bot says why and exits non-zero instead of looking alive', async () => {
    fake.identifyCloseCode = 4004;
    try {
      const bot = await BotProcess.start(fake, { NOTES_DIR: CORPUS, INDEX_DIR: await tempDir() });
      expect(await bot.exited).toBe(1);
      expect(bot.stderr).toContain('notes-bot stops: Discord closed the gateway with code 4004 (authentication failed: DISCORD_TOKEN is wrong');
    } finally {
      fake.identifyCloseCode = undefined;
    }
  });

  it('close code 4014 after it was ready: it stops too', async () => {
    const bot = await (await BotProcess.start(fake, { NOTES_DIR: CORPUS, INDEX_DIR: await tempDir() })).ready();
    fake.closeGateway(4014);
    expect(await bot.exited).toBe(1);
    expect(bot.stderr).toContain('code 4014 (disallowed intents');
  });

  it('a token that REST refuses (401): it says which setting to fix', async () => {
    fake.restError = (method, p) => (p === '/gateway/bot' ? { status: 401, json: { message: '401: Unauthorized', code: 0 } } : undefined);
    try {
      const bot = await BotProcess.start(fake, { NOTES_DIR: CORPUS, INDEX_DIR: await tempDir() });
      expect(await bot.exited).toBe(1);
      expect(bot.stderr).toContain('notes-bot stops: Discord refused DISCORD_TOKEN');
    } finally {
      fake.restError = undefined;
    }
  });
});

describe('the running bot', () => {
  let bot: BotProcess;
  let notes: string;
  let requestsBefore: number;
  beforeAll(async () => {
    notes = await corpusCopy();
    requestsBefore = fake.requests.length;
    bot = await (await BotProcess.start(fake, { NOTES_DIR: notes, INDEX_DIR: await tempDir(), REINDEX_DEBOUNCE_MS: '200' })).ready();
  });
  afterAll(async () => {
    expect(await bot.stop()).toBe(0);
  });

  it('warms up once connected, and sends Discord nothing for it', async () => {
    await fake.waitFor(() => bot.logs.some((l) => l.msg === 'warmed up'), 30_000, 'the warm-up to end');
    // 60 questions, or one per passage when there are fewer.
    const { passages } = bot.logs.find((l) => l.msg === 'notes-bot is answering') as { passages: number };
    expect(passages).toBeGreaterThan(0);
    expect(bot.logs.find((l) => l.msg === 'warmed up')).toMatchObject({ questions: Math.min(60, passages) });
    const sent = fake.requests.slice(requestsBefore).map((r) => `${r.method} ${r.path}`);
    expect(sent.filter((r) => /\/interactions\/|\/webhooks\/|\/messages/.test(r))).toEqual([]);
  });

  it('reports the real gateway state through an outage: /health alive, /ready 503, then ready again', async () => {
    fake.gatewayDown = true;
    fake.closeGateway(4000);
    const down = await bot.waitForHealth((h) => h?.body.gateway !== 'ready');
    expect(down).toMatchObject({ status: 200, body: { ready: false, loaded: true } });
    expect((await bot.health('/ready'))?.status).toBe(503);
    await new Promise((r) => setTimeout(r, 2000));
    expect((await bot.health('/ready'))?.status).toBe(503);
    fake.gatewayDown = false;
    const back = await bot.waitForHealth((h) => h?.status === 200, 60_000, '/ready');
    expect(back).toMatchObject({ status: 200, body: { ready: true, gateway: 'ready' } });
  }, 90_000);

  it('shows masked links in public answers and claims as the characters they are', async () => {
    const bait = '[Free Nitro](https://evil.example) do registries have authority over the water?';
    const ask = slashCommand(user(), 'ask', [
      { name: 'question', type: STRING, value: bait },
      { name: 'public', type: BOOLEAN, value: true },
    ]);
    await fake.send(ask);
    const answer = (await fake.edited(ask)).body;
    expect(answer.content).toContain('\\[Free Nitro\\]\\(https://evil.example\\)');
    expect(answer.content).not.toMatch(/(^|[^\\])\[Free Nitro\]\(/);

    const claim = slashCommand(user(), 'claim', [{ name: 'text', type: STRING, value: `# Heading\n- ${bait}` }]);
    await fake.send(claim);
    const verdict = (await fake.edited(claim)).body;
    expect(verdict.content).toContain('\\[Free Nitro\\]\\(https://evil.example\\)');
    expect(verdict.content).not.toMatch(/(^|[^\\])\[Free Nitro\]\(/);
  });

  it('answers a tampered button by saying it is no longer active', async () => {
    const callback = (await fake.send(buttonClick(user(), 'more:../../etc:9999999999'))).body;
    expect(callback.data.content).toMatch(/expired|no longer active/);
    const unknown = (await fake.send(buttonClick(user(), 'x'.repeat(100)))).body;
    expect(unknown).toMatchObject({ type: 4, data: { flags: EPHEMERAL, content: 'That button is no longer active. Run the command again.' } });
  });

  it('keeps interaction tokens out of its logs when Discord refuses a request', async () => {
    fake.restError = (method, p) =>
      method === 'PATCH' && p.includes('/webhooks/') ? { status: 400, json: { message: 'Invalid Form Body', code: 50035 } } : undefined;
    try {
      const ask = slashCommand(user(), 'ask', [{ name: 'question', type: STRING, value: 'Agnes Tull' }]);
      await fake.send(ask);
      await fake.waitFor(
        () => bot.logs.some((l) => l.msg === 'handler failed' && JSON.stringify(l).includes('Invalid Form Body')),
        10_000,
        'the failure to be logged',
      );
      const failure = JSON.stringify(bot.logs.find((l) => l.msg === 'handler failed' && JSON.stringify(l).includes('Invalid Form Body')));
      expect(failure).toContain('/webhooks/');
      expect(failure).toContain('[token]');
      expect(bot.logs.map((l) => JSON.stringify(l)).join('\n')).not.toContain(ask.token);
    } finally {
      fake.restError = undefined;
    }
  });

  it('runs one re-index at a time however often /reindex is asked', async () => {
    const before = bot.logs.filter((l) => String(l.msg).startsWith('re-indexed')).length;
    await appendFile(path.join(notes, 'glossary.md'), '\n\nA new entry: quillwort, a water plant of the upper valley.\n');
    const asks = Array.from({ length: 6 }, () => slashCommand(user(), 'reindex'));
    await Promise.all(asks.map((i) => fake.send(i)));
    const replies = await Promise.all(asks.map((i) => fake.edited(i, 30_000)));
    for (const r of replies) expect(r.body.content).toMatch(/Re-indexed|up to date/);
    // The watcher's own run may come too; six requests never make six runs.
    await new Promise((r) => setTimeout(r, 1000));
    const runs = bot.logs.filter((l) => String(l.msg).startsWith('re-indexed')).length - before;
    expect(runs).toBeGreaterThanOrEqual(1);
    expect(runs).toBeLessThanOrEqual(3);
  }, 60_000);

  it('a 2 MB note dropped into the folder is skipped unread, and questions are answered meanwhile', async () => {
    const sentence = 'The registry holds no authority over the holders of addresses. ';
    await writeFile(path.join(notes, 'huge.md'), `# Huge\n\n${sentence.repeat(Math.ceil(2e6 / sentence.length))}`);
    const ask = slashCommand(user(), 'ask', [{ name: 'question', type: STRING, value: 'Agnes Tull' }]);
    await fake.send(ask);
    expect((await fake.edited(ask)).body.embeds.length).toBeGreaterThan(0);
    await fake.waitFor(
      () => bot.logs.some((l) => String(l.msg).includes('huge.md') && String(l.msg).includes('MAX_NOTE_KB')),
      15_000,
      'the huge note to be reported',
    );
  });
});

describe.skipIf(!MountNamespace.available())('a read-only index folder', () => {
  it('the bot starts, answers from the notes as they are, and warns that it cannot update the index', async () => {
    const ns = await MountNamespace.start();
    try {
      const notes = await corpusCopy();
      const index = await tempDir();
      const first = await (await BotProcess.start(fake, { NOTES_DIR: notes, INDEX_DIR: index })).ready();
      expect(await first.stop()).toBe(0);
      await ns.readOnly(index);
      await appendFile(path.join(notes, 'glossary.md'), '\n\nThe tidal mill at Carrow ground barley for the whole valley.\n');

      // It serves the stored index at once, then brings it in line with the notes on its indexing thread.
      const bot = await (await BotProcess.start(fake, { NOTES_DIR: notes, INDEX_DIR: index }, ns.prefix)).ready();
      await fake.waitFor(
        () => bot.logs.some((l) => l.level === 40 && /cannot write the index in .*read-only file system/.test(String(l.msg))),
        60_000,
        'the warning that the index cannot be written',
      );
      // The re-index's engine is swapped in right after the warning.
      await fake.waitFor(() => bot.logs.some((l) => /^re-indexed/.test(String(l.msg))), 10_000, 'the re-index to finish');
      const ask = slashCommand(user(), 'ask', [{ name: 'question', type: STRING, value: 'tidal mill at Carrow' }]);
      await fake.send(ask);
      expect(JSON.stringify((await fake.edited(ask)).body.embeds)).toContain('tidal mill at Carrow');
      expect(await bot.stop()).toBe(0);
    } finally {
      ns.stop();
    }
  }, 120_000);
});
