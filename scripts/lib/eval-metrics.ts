/** Labeled questions and the measures of a ranking against them (Hit@1, Hit@5, MRR@10). */
export interface Gold {
  url?: string;
  contains: string;
}

export interface LabeledQuestion {
  id: string;
  question: string;
  kind: string;
  /** Empty: the notes do not answer the question. */
  gold: Gold[];
}

export interface Ranked {
  url: string;
  text: string;
}

const MIN_RUN_WORDS = 8;

function words(text: string): string[] {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[’‘]/g, "'")
    .replace(/[“”]/g, '"')
    .split(/[^\p{L}\p{N}$%'.\-/]+/u)
    .map((w) => w.replace(/^[.'-]+|[.'-]+$/g, ''))
    .filter(Boolean);
}

/**
 * A passage answers when it holds the gold text, or 8 or more consecutive words of it
 * (a passage boundary may cut a long gold sentence).
 */
export function passageHits(passage: Ranked, gold: Gold): boolean {
  if (gold.url && passage.url.split('#')[0] !== gold.url.split('#')[0]) return false;
  const text = ` ${words(passage.text).join(' ')} `;
  const g = words(gold.contains);
  if (g.length <= MIN_RUN_WORDS) return text.includes(` ${g.join(' ')} `);
  for (let i = 0; i + MIN_RUN_WORDS <= g.length; i++) {
    if (text.includes(` ${g.slice(i, i + MIN_RUN_WORDS).join(' ')} `)) return true;
  }
  return false;
}

/** The 1-based rank of the first passage that answers, or undefined. */
export function firstHitRank(ranked: Ranked[], gold: Gold[]): number | undefined {
  const i = ranked.findIndex((r) => gold.some((g) => passageHits(r, g)));
  return i < 0 ? undefined : i + 1;
}

export interface Scores {
  n: number;
  hit1: number;
  hit5: number;
  mrr10: number;
}

export function score(ranks: (number | undefined)[]): Scores {
  const n = ranks.length;
  if (n === 0) return { n, hit1: 0, hit5: 0, mrr10: 0 };
  const hit = (k: number) => ranks.filter((r) => r !== undefined && r <= k).length / n;
  const mrr = ranks.reduce<number>((s, r) => s + (r !== undefined && r <= 10 ? 1 / r : 0), 0) / n;
  return { n, hit1: hit(1), hit5: hit(5), mrr10: mrr };
}

/** Reads a JSON-lines question file, naming the line of any malformed entry. */
export function parseQuestions(text: string, file: string): LabeledQuestion[] {
  return text
    .split('\n')
    .map((line, i) => ({ line: line.trim(), no: i + 1 }))
    .filter(({ line }) => line !== '')
    .map(({ line, no }) => {
      let q: Partial<LabeledQuestion>;
      try {
        q = JSON.parse(line) as Partial<LabeledQuestion>;
      } catch {
        throw new Error(`${file}:${no}: not valid JSON`);
      }
      if (typeof q.question !== 'string') throw new Error(`${file}:${no}: question: missing`);
      if (!Array.isArray(q.gold)) throw new Error(`${file}:${no}: gold: missing (use [] for a question the notes do not answer)`);
      return { id: String(q.id ?? no), question: q.question, kind: q.kind ?? (q.gold.length === 0 ? 'unanswerable' : 'other'), gold: q.gold };
    });
}
