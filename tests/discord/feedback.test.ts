/**
 * Feedback and the report, through the fake Discord: votes counted once per person and
 * changeable, acknowledged privately, the "Not helpful" modal, and /report for server managers.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readConfig } from '../../src/config.js';
import type { RunningBot } from '../../src/discord/client.js';
import { COMMAND_DEFINITIONS } from '../../src/discord/commands/index.js';
import { silentLog } from '../../src/log/log.js';
import { prepare } from '../../src/prepare.js';
import { reportData } from '../../src/questions/report.js';
import { reportHtml } from '../../src/questions/report-html.js';
import { QuestionLog } from '../../src/questions/store.js';
import { buttonClick, FakeDiscord, MANAGER_PERMISSIONS, modalSubmit, nextId, slashCommand, type SentInteraction, type User } from '../support/fake-discord.js';
import { CORPUS, TINY_MODEL, tempDir } from '../support/paths.js';
import { startTestBot } from '../support/test-bot.js';

const STRING = 3;
const BOOLEAN = 5;
const EPHEMERAL = 64;
const NO_PINGS = { parse: [], replied_user: false };

let fake: FakeDiscord;
let bot: RunningBot;
let log: QuestionLog;
const user = (): User => ({ id: nextId(), username: 'reader' });
const customIds = (body: any): string[] => (body.components ?? []).flatMap((row: any) => row.components.map((c: any) => c.custom_id));

async function ask(who: User, question: string, isPublic = false) {
  const i = slashCommand(who, 'ask', [
    { name: 'question', type: STRING, value: question },
    { name: 'public', type: BOOLEAN, value: isPublic },
  ]);
  await fake.send(i);
  return (await fake.edited(i)).body;
}

const reply = async (i: SentInteraction) => (await fake.send(i)).body;

beforeAll(async () => {
  const config = readConfig({}, { NOTES_DIR: CORPUS, INDEX_DIR: await tempDir(), EMBEDDING_MODEL: TINY_MODEL });
  const { engine, notes } = await prepare(config, { log: silentLog });
  log = QuestionLog.open(path.join(await tempDir(), 'questions.db'), { days: 90, log: silentLog });
  fake = await new FakeDiscord().start();
  bot = await startTestBot(fake, { engine: () => engine, notes: () => notes.notes, questions: log });
});
afterAll(async () => {
  await bot?.stop();
  await fake?.stop();
  log?.close();
});

describe('feedback on answers', () => {
  it('logs the question and what was shown, with Helpful and Not helpful under the answer', async () => {
    const answer = await ask(user(), 'Who was the last keeper of the lighthouse?');
    const votes = customIds(answer).filter((id) => id.startsWith('vote:'));
    expect(votes).toHaveLength(2);
    const key = votes[0]!.split(':')[1];
    const [row] = log.query<{ question: string; command: string; answered: number; guild: string; locale: string }>(
      'SELECT question, command, answered, guild, locale FROM questions WHERE answer_key = ?',
      key,
    );
    expect(row).toEqual({ question: 'Who was the last keeper of the lighthouse?', command: 'ask', answered: 1, guild: '222222222222222222', locale: 'en-US' });
    const shown = log.query<{ title: string }>('SELECT title FROM shown JOIN questions ON questions.id = question_id WHERE answer_key = ? ORDER BY rank', key);
    expect(shown.map((s) => s.title)).toEqual(answer.embeds.map((e: any) => e.title));
  });

  it('counts one vote per person, lets it change, and acknowledges each privately without a ping', async () => {
    const answer = await ask(user(), 'Agnes Tull', true);
    const [up, down] = customIds(answer).filter((id) => id.startsWith('vote:'));
    const key = up!.split(':')[1]!;
    const reader = user();
    const first = await reply(buttonClick(reader, up!));
    expect(first).toMatchObject({ type: 4, data: { flags: EPHEMERAL, content: 'Thanks: noted.', allowed_mentions: NO_PINGS } });
    expect((await reply(buttonClick(reader, up!))).data.content).toBe('Your vote was already that.');
    await reply(buttonClick(user(), up!));
    const count = () =>
      log.query<{ helpful: number; n: number }>(
        'SELECT helpful, COUNT(*) AS n FROM votes JOIN questions ON questions.id = question_id WHERE answer_key = ? GROUP BY helpful',
        key,
      );
    expect(count()).toEqual([{ helpful: 1, n: 2 }]);

    // Not helpful: the vote changes, and a modal asks what the reader was looking for.
    const modal = await reply(buttonClick(reader, down!));
    expect(modal.type).toBe(9);
    expect(modal.data.custom_id).toBe(`vote-comment:${key}`);
    expect(modal.data.title).toBe('What were you looking for?');
    expect(modal.data.components[0].components[0]).toMatchObject({ custom_id: 'looking-for', required: false, max_length: 300 });
    expect(count()).toEqual([
      { helpful: 0, n: 1 },
      { helpful: 1, n: 1 },
    ]);
    const thanks = await reply(modalSubmit(reader, `vote-comment:${key}`, { 'looking-for': 'the year the light was automated' }));
    expect(thanks).toMatchObject({ type: 4, data: { flags: EPHEMERAL, content: 'Thanks: the author will see it.', allowed_mentions: NO_PINGS } });
    expect(log.query('SELECT comment FROM votes WHERE comment IS NOT NULL')).toEqual([{ comment: 'the year the light was automated' }]);
  });

  it('thanks a reader who votes on an answer that was never logged, and counts nothing', async () => {
    const before = log.query('SELECT COUNT(*) AS n FROM votes');
    const answer = await reply(buttonClick(user(), 'vote:not-a-logged-answer:1'));
    expect(answer.data.content).toBe('This answer is no longer in the log, so the vote cannot be counted. Thank you all the same.');
    expect(log.query('SELECT COUNT(*) AS n FROM votes')).toEqual(before);
  });

  it('asks for feedback on claims and on "not covered" too', async () => {
    const claim = slashCommand(user(), 'claim', [{ name: 'text', type: STRING, value: 'a share sells for $1,450' }]);
    await fake.send(claim);
    expect(customIds((await fake.edited(claim)).body).filter((id) => id.startsWith('vote:'))).toHaveLength(2);
    const notCovered = await ask(user(), 'What is the best recipe for sourdough bread?');
    expect(customIds(notCovered).filter((id) => id.startsWith('vote:'))).toHaveLength(2);
  });
});

describe('/report', () => {
  it('is for server managers, in servers only', () => {
    const report = COMMAND_DEFINITIONS.find((c) => c.name === 'report') as { default_member_permissions?: string; contexts?: number[] };
    expect(report.default_member_permissions).toBe((1n << 5n).toString());
    expect(report.contexts).toEqual([0]);
  });

  it('sums up the last seven days privately: counts, uncovered topics, unhelpful answers, and the command for the full page', async () => {
    for (const q of ['How do I knit a scarf?', 'what yarn is best for knitting a scarf', 'knitting a scarf for beginners']) await ask(user(), q);
    const i = slashCommand({ ...user(), permissions: MANAGER_PERMISSIONS }, 'report');
    expect((await fake.send(i)).body).toEqual({ type: 5, data: { flags: EPHEMERAL } });
    const embed = (await fake.edited(i)).body.embeds[0];
    expect(embed.title).toBe('The last 7 days');
    expect(embed.description).toMatch(/^\d+ questions: \d+ answered, \d+ not covered · votes: \d+ helpful, \d+ not$/);
    const [uncovered, unhelpful, full] = embed.fields;
    expect(uncovered.value.split('\n')[0]).toMatch(/^• 3 × “.*scarf.*”$/i);
    expect(unhelpful.value).toContain('Agnes Tull');
    expect(full.value).toContain('`npm run report -- --since 7d --guild 222222222222222222`');

    // The author's page from the same log: what to write next comes first.
    const page = await reportHtml(await reportData(log, { since: Date.now() - 86_400_000 }));
    expect(page).toMatch(/<h2>What to write next[^<]*<\/h2>\s*<ol class="topics"><li><strong>3 questions<\/strong> like “[^”]*scarf[^”]*”/);
  });
});
