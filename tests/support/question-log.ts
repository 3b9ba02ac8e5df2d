import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { silentLog } from '../../src/log/log.js';
import { QuestionLog, type ShownPassage } from '../../src/questions/store.js';
import { ROOT, tempDir } from './paths.js';

export const QUESTION_LOG_FIXTURE = path.join(ROOT, 'tests/fixtures/question-log/questions.jsonl');

interface FixtureRow {
  daysAgo: number;
  command: 'ask' | 'claim' | 'search-message';
  question: string;
  answered: boolean;
  weak: boolean;
  guild: string;
  locale: string;
  shown: ShownPassage[];
  votes: { user: string; helpful: boolean; comment?: string }[];
}

/** A question log in a fresh folder, filled from the fixture as the bot would have filled it, days before `now`. */
export async function fixtureLog(now = Date.now()): Promise<{ log: QuestionLog; file: string }> {
  const file = path.join(await tempDir('notes-bot-log-'), 'questions.db');
  const log = QuestionLog.open(file, { days: 90, log: silentLog, now: () => now });
  const rows = (await readFile(QUESTION_LOG_FIXTURE, 'utf8'))
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as FixtureRow);
  rows.forEach((r, i) => {
    const key = `fixture-${i}`;
    log.record({
      key,
      command: r.command,
      question: r.question,
      guild: r.guild,
      locale: r.locale,
      answered: r.answered,
      weak: r.weak,
      shown: r.shown,
      at: now - r.daysAgo * 86_400_000 - i * 60_000,
    });
    for (const v of r.votes) {
      log.vote(key, r.guild, v.user, v.helpful);
      if (v.comment) log.comment(key, r.guild, v.user, v.comment);
    }
  });
  return { log, file };
}
