import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import Database from 'better-sqlite3';
import type { AnswerResult } from '../answer/answer.js';
import type { Log } from '../log/log.js';
import { voterHash } from './voter.js';

/** What the bot answered with: a passage shown, in rank order. */
export interface ShownPassage {
  noteId: string;
  passageId: string;
  title: string;
  url: string;
  score: number;
}

/** A question as the bot answered it. No person is in it: not the asker, not their name. */
export interface LoggedQuestion {
  /** The key the answer's buttons carry: votes find their question by it. */
  key: string;
  command: 'ask' | 'claim' | 'search-message';
  question: string;
  guild?: string;
  locale?: string;
  answered: boolean;
  weak: boolean;
  shown: ShownPassage[];
  /** Unix milliseconds; now by default. */
  at?: number;
}

/** The passages of an answer as the log keeps them. */
export function shownPassages(results: AnswerResult[]): ShownPassage[] {
  return results.map((r) => ({ noteId: r.noteId, passageId: r.passageId, title: r.title, url: r.noteUrl, score: r.score }));
}

export type VoteOutcome = 'recorded' | 'changed' | 'unchanged' | 'unknown-answer';

/**
 * The schema, one step per version: a database of an older version is brought up to date step by
 * step when opened; one of a newer version is refused (PRAGMA user_version holds the version).
 */
const MIGRATIONS: ((db: Database.Database) => void)[] = [
  (db) =>
    db.exec(`
      CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
      CREATE TABLE questions (
        id INTEGER PRIMARY KEY,
        answer_key TEXT NOT NULL UNIQUE,
        asked_at INTEGER NOT NULL,
        command TEXT NOT NULL,
        guild TEXT,
        locale TEXT,
        question TEXT NOT NULL,
        answered INTEGER NOT NULL
      );
      CREATE INDEX questions_asked_at ON questions (asked_at);
      CREATE TABLE shown (
        question_id INTEGER NOT NULL REFERENCES questions (id) ON DELETE CASCADE,
        rank INTEGER NOT NULL,
        note_id TEXT NOT NULL,
        passage_id TEXT NOT NULL,
        title TEXT NOT NULL,
        url TEXT NOT NULL,
        score REAL NOT NULL,
        PRIMARY KEY (question_id, rank)
      );
      CREATE TABLE votes (
        question_id INTEGER NOT NULL REFERENCES questions (id) ON DELETE CASCADE,
        voter TEXT NOT NULL,
        helpful INTEGER NOT NULL,
        voted_at INTEGER NOT NULL,
        PRIMARY KEY (question_id, voter)
      );
    `),
  // 2: whether an answer was a weak match, and what an unhappy reader was looking for.
  (db) =>
    db.exec(`
      ALTER TABLE questions ADD COLUMN weak INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE votes ADD COLUMN comment TEXT;
    `),
];

export const SCHEMA_VERSION = MIGRATIONS.length;

/** The log cannot be used as it is: a newer schema, or a file that is not a question log. */
export class QuestionLogError extends Error {}

export interface QuestionLogOptions {
  /** Rows older than this many days are deleted (at open, and once a day after). */
  days: number;
  log: Log;
  now?: () => number;
}

const DAY = 86_400_000;
/** SQLite's codes for a disk that will not take a write: full, read-only, failing, gone. */
const DISK_FAULT = /^SQLITE_(FULL|READONLY|IOERR|CANTOPEN|CORRUPT|NOTADB|PERM)/;

/**
 * The question log: every question the bot answers, what it showed, and the feedback on it, in
 * SQLite (WAL mode: a crash loses at most the write in flight, never the file). A write that
 * fails (a full or read-only disk) turns the log off with one warning; the bot goes on answering.
 */
export class QuestionLog {
  private readonly db: Database.Database;
  private readonly salt: string;
  private off = false;
  private lastPurge = 0;
  private readonly now: () => number;
  /** A question and what it showed, in one transaction; prepared once, as every answer writes one. */
  private readonly insertAnswer: (q: LoggedQuestion) => void;

  private constructor(
    db: Database.Database,
    private readonly options: QuestionLogOptions,
  ) {
    this.db = db;
    this.now = options.now ?? Date.now;
    const question = db.prepare(
      'INSERT INTO questions (answer_key, asked_at, command, guild, locale, question, answered, weak) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    );
    const shown = db.prepare('INSERT INTO shown (question_id, rank, note_id, passage_id, title, url, score) VALUES (?, ?, ?, ?, ?, ?, ?)');
    this.insertAnswer = db.transaction((q: LoggedQuestion) => {
      const at = q.at ?? this.now();
      const { lastInsertRowid } = question.run(q.key, at, q.command, q.guild ?? null, q.locale ?? null, q.question, q.answered ? 1 : 0, q.weak ? 1 : 0);
      q.shown.forEach((s, rank) => shown.run(lastInsertRowid, rank, s.noteId, s.passageId, s.title, s.url, s.score));
    });
    this.salt = this.meta('salt') ?? this.setMeta('salt', randomBytes(32).toString('hex'));
    this.purge();
  }

  /** Opens (creating or migrating) the log at file. Throws QuestionLogError when it must not be used. */
  static open(file: string, options: QuestionLogOptions): QuestionLog {
    mkdirSync(path.dirname(file), { recursive: true });
    const db = new Database(file);
    try {
      db.pragma('journal_mode = WAL');
      // NORMAL in WAL mode: a power cut may lose the last commits, never the database.
      db.pragma('synchronous = NORMAL');
      db.pragma('foreign_keys = ON');
      db.pragma('busy_timeout = 2000');
      const version = db.pragma('user_version', { simple: true }) as number;
      if (version > SCHEMA_VERSION) {
        throw new QuestionLogError(
          `the question log ${file} has schema version ${version}, newer than this notes-bot knows (${SCHEMA_VERSION}): upgrade notes-bot, or point QUESTION_LOG_FILE at another file`,
        );
      }
      db.transaction(() => {
        for (let v = version; v < SCHEMA_VERSION; v++) MIGRATIONS[v]!(db);
        db.pragma(`user_version = ${SCHEMA_VERSION}`);
      })();
    } catch (error) {
      db.close();
      if (error instanceof QuestionLogError) throw error;
      throw new QuestionLogError(`cannot open the question log ${file}: ${(error as Error).message}`, { cause: error });
    }
    return new QuestionLog(db, options);
  }

  get enabled(): boolean {
    return !this.off;
  }

  private meta(key: string): string | undefined {
    return (this.db.prepare('SELECT value FROM meta WHERE key = ?').get(key) as { value: string } | undefined)?.value;
  }

  private setMeta(key: string, value: string): string {
    this.db.prepare('INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)').run(key, value);
    return value;
  }

  /** Runs a write; on a disk fault turns the log off, says so once, and carries on. */
  private write<T>(what: string, fn: () => T): T | undefined {
    if (this.off) return undefined;
    try {
      return fn();
    } catch (error) {
      const { code } = error as { code?: unknown };
      if (typeof code === 'string' && DISK_FAULT.test(code)) {
        this.off = true;
        this.options.log.warn(`the question log is off: it could not ${what} (${(error as Error).message}); the bot goes on answering`);
      } else this.options.log.warn(`the question log could not ${what}: ${(error as Error).message}`);
      return undefined;
    }
  }

  /** Deletes what is older than the retention period; at most once a day. */
  purge(): void {
    const now = this.now();
    if (now - this.lastPurge < DAY) return;
    this.lastPurge = now;
    this.write('delete old questions', () => this.db.prepare('DELETE FROM questions WHERE asked_at < ?').run(now - this.options.days * DAY));
  }

  record(q: LoggedQuestion): void {
    this.purge();
    this.write('record a question', () => this.insertAnswer(q));
  }

  /**
   * One vote per person per answer, changeable. The person is kept only as a salted hash of their
   * id within the server: enough to count them once, not to say who they are.
   */
  vote(key: string, guild: string | undefined, user: string, helpful: boolean): VoteOutcome | undefined {
    return this.write('record a vote', () => {
      const question = this.db.prepare('SELECT id FROM questions WHERE answer_key = ?').get(key) as { id: number } | undefined;
      if (!question) return 'unknown-answer';
      const voter = voterHash(this.salt, guild, user);
      const before = this.db.prepare('SELECT helpful FROM votes WHERE question_id = ? AND voter = ?').get(question.id, voter) as
        { helpful: number } | undefined;
      this.db
        .prepare(
          'INSERT INTO votes (question_id, voter, helpful, voted_at) VALUES (?, ?, ?, ?) ON CONFLICT (question_id, voter) DO UPDATE SET helpful = excluded.helpful, voted_at = excluded.voted_at',
        )
        .run(question.id, voter, helpful ? 1 : 0, this.now());
      return !before ? 'recorded' : before.helpful === (helpful ? 1 : 0) ? 'unchanged' : 'changed';
    });
  }

  /** What a reader who found the answer unhelpful was looking for; false when there is no vote to attach it to. */
  comment(key: string, guild: string | undefined, user: string, text: string): boolean | undefined {
    return this.write('record a comment', () => {
      const { changes } = this.db
        .prepare('UPDATE votes SET comment = ? WHERE voter = ? AND question_id = (SELECT id FROM questions WHERE answer_key = ?)')
        .run(text.slice(0, 300), voterHash(this.salt, guild, user), key);
      return changes > 0;
    });
  }

  /** Read access for the report, over the questions asked since `since` (unix ms), in one server or all. */
  query<T>(sql: string, ...params: unknown[]): T[] {
    return this.db.prepare(sql).all(...params) as T[];
  }

  close(): void {
    this.db.close();
  }
}
