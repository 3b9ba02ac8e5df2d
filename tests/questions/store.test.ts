import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Log } from '../../src/log/log.js';
import { QuestionLog, QuestionLogError, SCHEMA_VERSION } from '../../src/questions/store.js';
import { cli } from '../support/cli.js';
import { MountNamespace } from '../support/mount-namespace.js';
import { ROOT, tempDir } from '../support/paths.js';

function recordingLog(): Log & { warnings: string[] } {
  const warnings: string[] = [];
  return { warnings, debug: () => {}, info: () => {}, warn: (m) => warnings.push(m), error: (m) => warnings.push(m) };
}

const question = (key: string, at?: number) => ({ key, command: 'ask' as const, question: `question ${key}`, answered: true, weak: false, shown: [], at });
const logFile = async () => path.join(await tempDir('notes-bot-log-'), 'questions.db');

describe('the question log', () => {
  it('counts one vote per person per answer, lets it change, and attaches a comment to it', async () => {
    const log = QuestionLog.open(await logFile(), { days: 90, log: recordingLog() });
    log.record(question('a'));
    expect(log.vote('a', 'g1', 'alice', true)).toBe('recorded');
    expect(log.vote('a', 'g1', 'alice', true)).toBe('unchanged');
    expect(log.vote('a', 'g1', 'alice', false)).toBe('changed');
    expect(log.vote('a', 'g1', 'bob', true)).toBe('recorded');
    expect(log.comment('a', 'g1', 'alice', 'the fee schedule')).toBe(true);
    expect(log.vote('never-logged', 'g1', 'alice', true)).toBe('unknown-answer');
    expect(log.query('SELECT helpful, comment FROM votes ORDER BY helpful')).toEqual([
      { helpful: 0, comment: 'the fee schedule' },
      { helpful: 1, comment: null },
    ]);
    log.close();
  });

  it('stores no user id: the file holds only salted hashes of them', async () => {
    const file = await logFile();
    const log = QuestionLog.open(file, { days: 90, log: recordingLog() });
    log.record(question('a'));
    const user = '987654321987654321';
    log.vote('a', '222222222222222222', user, false);
    log.comment('a', '222222222222222222', user, 'more on fees');
    log.close();
    const bytes = Buffer.concat([await readFile(file), await readFile(`${file}-wal`).catch(() => Buffer.alloc(0))]);
    expect(bytes.includes(user)).toBe(false);
    expect(bytes.includes('more on fees')).toBe(true);
  });

  it('deletes what is older than QUESTION_LOG_DAYS', async () => {
    let now = Date.UTC(2026, 10, 30);
    const file = await logFile();
    const log = QuestionLog.open(file, { days: 30, log: recordingLog(), now: () => now });
    log.record(question('old', now - 40 * 86_400_000));
    log.record(question('recent', now - 10 * 86_400_000));
    now += 86_400_000;
    log.purge();
    expect(log.query<{ answer_key: string }>('SELECT answer_key FROM questions').map((r) => r.answer_key)).toEqual(['recent']);
    log.close();
  });

  it('migrates a log of an older version, and refuses one of a newer version with a clear message', async () => {
    const file = await logFile();
    // A version 1 log, as the first release wrote it.
    const old = new Database(file);
    old.exec(`CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
      CREATE TABLE questions (id INTEGER PRIMARY KEY, answer_key TEXT NOT NULL UNIQUE, asked_at INTEGER NOT NULL, command TEXT NOT NULL, guild TEXT, locale TEXT, question TEXT NOT NULL, answered INTEGER NOT NULL);
      CREATE TABLE shown (question_id INTEGER NOT NULL, rank INTEGER NOT NULL, note_id TEXT NOT NULL, passage_id TEXT NOT NULL, title TEXT NOT NULL, url TEXT NOT NULL, score REAL NOT NULL, PRIMARY KEY (question_id, rank));
      CREATE TABLE votes (question_id INTEGER NOT NULL, voter TEXT NOT NULL, helpful INTEGER NOT NULL, voted_at INTEGER NOT NULL, PRIMARY KEY (question_id, voter));
      INSERT INTO questions VALUES (1, 'kept', 1764460800000, 'ask', NULL, NULL, 'a question from before', 1);
      PRAGMA user_version = 1;`);
    old.close();
    const log = QuestionLog.open(file, { days: 3650, log: recordingLog() });
    expect(log.query('PRAGMA user_version')).toEqual([{ user_version: SCHEMA_VERSION }]);
    expect(log.query('SELECT question, weak FROM questions')).toEqual([{ question: 'a question from before', weak: 0 }]);
    log.record({ ...question('new'), weak: true });
    log.close();

    const newer = new Database(file);
    newer.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    newer.close();
    expect(() => QuestionLog.open(file, { days: 90, log: recordingLog() })).toThrow(QuestionLogError);
    expect(() => QuestionLog.open(file, { days: 90, log: recordingLog() })).toThrow(/schema version \d+, newer than this notes-bot knows/);
  });

  it('a kill -9 while votes arrive loses at most the vote in flight and never corrupts the file', async () => {
    const file = await logFile();
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'tests/support/question-log-writer.ts'), file, '100000'], { cwd: ROOT });
    let seen = 0;
    let buffer = '';
    await new Promise<void>((resolve) => {
      child.stdout.on('data', (chunk: Buffer) => {
        buffer += chunk.toString();
        seen = buffer.split('\n').filter((l) => l.startsWith('recorded')).length;
        if (seen >= 300) resolve();
      });
    });
    child.kill('SIGKILL');
    await new Promise((resolve) => child.on('exit', resolve));
    const db = new Database(file);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    const votes = (db.prepare('SELECT COUNT(*) AS n FROM votes').get() as { n: number }).n;
    db.close();
    // Every vote the writer saw committed is there, but perhaps the last, whose line raced the kill.
    expect(votes).toBeGreaterThanOrEqual(seen - 1);
  });
});

describe.skipIf(!MountNamespace.available())('the question log on a disk that fails', () => {
  let ns: MountNamespace;
  beforeAll(async () => {
    ns = await MountNamespace.start();
  });
  afterAll(() => ns?.stop());

  it('a full disk turns logging off with one warning, and the writer goes on', async () => {
    const dir = path.join(await tempDir(), 'small');
    await ns.tmpfs(dir, 1024);
    const [file, ...args] = [
      ...ns.prefix,
      process.execPath,
      '--import',
      'tsx',
      path.join(ROOT, 'tests/support/question-log-writer.ts'),
      path.join(dir, 'q.db'),
      '2000',
    ];
    const { stdout, code } = await new Promise<{ stdout: string; code: number | null }>((resolve) => {
      const child = spawn(file, args, { cwd: ROOT });
      let out = '';
      child.stdout.on('data', (c: Buffer) => (out += c.toString()));
      child.on('exit', (c) => resolve({ stdout: out, code: c }));
    });
    expect(code).toBe(0);
    const lines = stdout.trim().split('\n');
    expect(lines.filter((l) => l.startsWith('warning'))).toHaveLength(1);
    expect(lines.find((l) => l.startsWith('warning'))).toMatch(/the question log is off: .*full/i);
    expect(lines.filter((l) => l.startsWith('recorded')).length).toBeGreaterThan(10);
    expect(lines.at(-1)).toBe('off 1999');
  }, 60_000);

  it('npm run report explains a log it cannot open', async () => {
    const run = await cli('report', ['--log', path.join(ROOT, 'package.json'), '--out', path.join(await tempDir(), 'r.html')]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/cannot open the question log .*package\.json/);
  });
});
