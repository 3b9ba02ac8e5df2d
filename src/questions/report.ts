import type { Embedder } from '../embed/embedder.js';
import { termVector } from '../search/term-vector.js';
import { clusterByMeaning } from './cluster.js';
import type { QuestionLog } from './store.js';

/** What the author reads: what people asked, what the notes answered, and what they do not cover. */
export interface ReportData {
  since: number;
  until: number;
  guild?: string;
  totals: { questions: number; answered: number; notCovered: number; weak: number; helpful: number; unhelpful: number };
  /** Questions per day (UTC), answered and not covered. */
  perDay: { day: string; answered: number; notCovered: number }[];
  /** The notes shown most often in answers. */
  quoted: { title: string; url: string; times: number }[];
  /** Answers voted unhelpful, newest question first, with what the reader was looking for. */
  unhelpful: { question: string; comment?: string; at: number; firstTitle?: string }[];
  /** The questions the notes do not cover, grouped by meaning, biggest group first. */
  uncovered: { count: number; example: string; others: string[] }[];
}

export interface ReportOptions {
  since: number;
  until?: number;
  /** One server's questions; all servers' when absent. */
  guild?: string;
  /** Groups the uncovered questions by meaning; by shared words alone when absent. */
  embedder?: Embedder;
}

/**
 * How alike two questions must be, on average, to be one topic (half meaning, half shared words):
 * on the fixture log with the bundled model, 0.4 keeps each of its three topics whole and its
 * stray questions apart (0.35 merged two topics, 0.45 split one).
 */
const SAME_TOPIC = 0.4;
const HASHED_DIMENSIONS = 256;

/**
 * Each question's vector for grouping: its meaning (the embedder's vector) and its words, equally
 * weighted, so that the cosine of two is the mean of both likenesses.
 */
async function topicVectors(texts: string[], embedder?: Embedder): Promise<Float32Array[]> {
  const words = texts.map((t) => termVector(t, HASHED_DIMENSIONS));
  if (!embedder || texts.length === 0) return words;
  const meanings = await embedder.embed(texts, 'query');
  return texts.map((_, i) => {
    const joined = new Float32Array(HASHED_DIMENSIONS + meanings[i]!.length);
    joined.set(words[i]!.map((x) => x * Math.SQRT1_2));
    joined.set(
      meanings[i]!.map((x) => x * Math.SQRT1_2),
      HASHED_DIMENSIONS,
    );
    return joined;
  });
}

export async function reportData(log: QuestionLog, options: ReportOptions): Promise<ReportData> {
  const until = options.until ?? Date.now();
  const where = `asked_at >= ? AND asked_at < ?${options.guild ? ' AND guild = ?' : ''}`;
  const params = [options.since, until, ...(options.guild ? [options.guild] : [])];
  const questions = log.query<{ id: number; asked_at: number; question: string; answered: number; weak: number }>(
    `SELECT id, asked_at, question, answered, weak FROM questions WHERE ${where} ORDER BY asked_at`,
    ...params,
  );
  const votes = log.query<{ helpful: number; n: number }>(
    `SELECT helpful, COUNT(*) AS n FROM votes WHERE question_id IN (SELECT id FROM questions WHERE ${where}) GROUP BY helpful`,
    ...params,
  );
  const days = new Map<string, { answered: number; notCovered: number }>();
  for (const q of questions) {
    const day = new Date(q.asked_at).toISOString().slice(0, 10);
    const d = days.get(day) ?? { answered: 0, notCovered: 0 };
    if (q.answered) d.answered++;
    else d.notCovered++;
    days.set(day, d);
  }
  const quoted = log.query<{ title: string; url: string; times: number }>(
    `SELECT title, MIN(url) AS url, COUNT(*) AS times FROM shown JOIN questions ON questions.id = shown.question_id
     WHERE ${where} AND questions.answered = 1 GROUP BY note_id ORDER BY times DESC, title LIMIT 10`,
    ...params,
  );
  const unhelpful = log.query<{ question: string; comment: string | null; at: number; firstTitle: string | null }>(
    `SELECT q.question, v.comment, q.asked_at AS at, (SELECT title FROM shown WHERE question_id = q.id AND rank = 0) AS firstTitle
     FROM votes v JOIN questions q ON q.id = v.question_id WHERE v.helpful = 0 AND ${where.replace(/asked_at|guild/g, 'q.$&')} ORDER BY q.asked_at DESC LIMIT 50`,
    ...params,
  );
  const uncoveredTexts = questions.filter((q) => !q.answered).map((q) => q.question);
  const groups = clusterByMeaning(await topicVectors(uncoveredTexts, options.embedder), SAME_TOPIC);
  const count = (helpful: number) => votes.find((v) => v.helpful === helpful)?.n ?? 0;
  return {
    since: options.since,
    until,
    guild: options.guild,
    totals: {
      questions: questions.length,
      answered: questions.filter((q) => q.answered).length,
      notCovered: uncoveredTexts.length,
      weak: questions.filter((q) => q.answered && q.weak).length,
      helpful: count(1),
      unhelpful: count(0),
    },
    perDay: [...days].map(([day, d]) => ({ day, ...d })),
    quoted,
    unhelpful: unhelpful.map((u) => ({
      question: u.question,
      at: u.at,
      ...(u.comment ? { comment: u.comment } : {}),
      ...(u.firstTitle ? { firstTitle: u.firstTitle } : {}),
    })),
    uncovered: groups.map((g) => ({
      count: g.members.length,
      example: uncoveredTexts[g.members[0]!]!,
      others: g.members.slice(1, 4).map((i) => uncoveredTexts[i]!),
    })),
  };
}
