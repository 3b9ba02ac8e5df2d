/**
 * Retrieval quality: `npm run eval [-- --notes DIR --questions FILE.jsonl] [--json]`.
 * Without --notes/--questions it runs the two shipped sets: notes/ and the fixture corpus.
 * notes-bot is compared with plain BM25 and dense-only ranking over the same passages.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Command } from 'commander';
import MiniSearch from 'minisearch';
import { readConfig } from '../src/config.js';
import { createDenseIndex } from '../src/search/dense.js';
import { silentLog } from '../src/log.js';
import { prepare } from '../src/prepare.js';
import type { Passage } from '../src/notes/passages.js';
import { firstHitRank, parseQuestions, score, type LabeledQuestion, type Scores } from './lib/eval-metrics.js';

interface System {
  name: string;
  rank(question: string): Promise<Passage[]>;
}

interface SetReport {
  notes: string;
  questions: string;
  mode: string;
  systems: { name: string; byKind: Record<string, Scores>; overall: Scores }[];
  abstention: { unanswerable: number; saidNotCovered: number; answerable: number; wronglyNotCovered: number };
  misses: { id: string; kind: string; question: string; rank?: number; top?: string }[];
}

const TOP = 10;

function bm25Baseline(passages: Passage[]): System {
  const index = new MiniSearch<{ id: number; text: string }>({ fields: ['text'] });
  index.addAll(passages.map((p, id) => ({ id, text: p.text })));
  return {
    name: 'plain BM25',
    rank: async (q) =>
      index
        .search(q)
        .slice(0, TOP)
        .map((r) => passages[r.id as number]!),
  };
}

async function evaluateSet(notesDir: string, questionsFile: string): Promise<SetReport> {
  const questions: LabeledQuestion[] = parseQuestions(await readFile(questionsFile, 'utf8'), questionsFile);
  const indexDir = await mkdtemp(path.join(os.tmpdir(), 'notes-bot-eval-'));
  try {
    const config = readConfig(process.env, { NOTES_DIR: notesDir, INDEX_DIR: indexDir });
    const { engine, build } = await prepare(config, { log: silentLog });
    const passages = [...engine.passages];
    const answeredById = new Map<string, boolean>();
    const systems: System[] = [
      {
        name: `notes-bot (${engine.mode})`,
        rank: async (q) => {
          const r = await engine.search(q, { k: TOP });
          answeredById.set(q, r.answered);
          return r.hits.map((h) => h.passage);
        },
      },
      bm25Baseline(passages),
    ];
    if (build && engine.embedder) {
      const dense = createDenseIndex(build.index.vectors);
      const embedder = engine.embedder;
      systems.push({
        name: 'dense only',
        rank: async (q) => {
          const [v] = await embedder.embed([q]);
          const s = dense.scores(v!);
          return Array.from(s.keys())
            .sort((a, b) => s[b]! - s[a]!)
            .slice(0, TOP)
            .map((i) => passages[i]!);
        },
      });
    }

    const report: SetReport = {
      notes: notesDir,
      questions: questionsFile,
      mode: engine.mode,
      systems: [],
      abstention: { unanswerable: 0, saidNotCovered: 0, answerable: 0, wronglyNotCovered: 0 },
      misses: [],
    };
    for (const system of systems) {
      const ranks = new Map<string, (number | undefined)[]>();
      for (const q of questions.filter((q) => q.gold.length > 0)) {
        const ranked = await system.rank(q.question);
        const rank = firstHitRank(ranked, q.gold);
        ranks.set(q.kind, [...(ranks.get(q.kind) ?? []), rank]);
        if (system === systems[0] && (rank === undefined || rank > 1)) {
          report.misses.push({ id: q.id, kind: q.kind, question: q.question, rank, top: ranked[0]?.text.slice(0, 90) });
        }
      }
      const byKind = Object.fromEntries([...ranks].map(([kind, r]) => [kind, score(r)]));
      report.systems.push({ name: system.name, byKind, overall: score([...ranks.values()].flat()) });
    }
    for (const q of questions) {
      const answered = answeredById.get(q.question) ?? (await engine.search(q.question)).answered;
      if (q.gold.length === 0) {
        report.abstention.unanswerable++;
        if (!answered) report.abstention.saidNotCovered++;
      } else {
        report.abstention.answerable++;
        if (!answered) {
          report.abstention.wronglyNotCovered++;
          report.misses.push({ id: q.id, kind: q.kind, question: q.question, top: 'answered "not covered"' });
        }
      }
    }
    for (const q of questions.filter((q) => q.gold.length === 0)) {
      if (answeredById.get(q.question)) report.misses.push({ id: q.id, kind: q.kind, question: q.question, top: 'answered, but the notes do not cover it' });
    }
    return report;
  } finally {
    await rm(indexDir, { recursive: true, force: true });
  }
}

const pct = (x: number) => `${(x * 100).toFixed(0)}%`;

function markdown(report: SetReport): string {
  const kinds = [...new Set(report.systems.flatMap((s) => Object.keys(s.byKind)))];
  const lines = [
    `### ${report.questions} over ${report.notes} (${report.mode})`,
    '',
    '| system | kind | n | Hit@1 | Hit@5 | MRR@10 |',
    '|---|---|---:|---:|---:|---:|',
  ];
  for (const s of report.systems) {
    for (const kind of kinds) {
      const k = s.byKind[kind];
      if (k) lines.push(`| ${s.name} | ${kind} | ${k.n} | ${pct(k.hit1)} | ${pct(k.hit5)} | ${k.mrr10.toFixed(2)} |`);
    }
    lines.push(`| ${s.name} | **all** | ${s.overall.n} | **${pct(s.overall.hit1)}** | **${pct(s.overall.hit5)}** | **${s.overall.mrr10.toFixed(2)}** |`);
  }
  const a = report.abstention;
  lines.push(
    '',
    `"Not covered": ${a.saidNotCovered}/${a.unanswerable} unanswerable questions; wrongly for ${a.wronglyNotCovered}/${a.answerable} answerable ones.`,
  );
  if (report.misses.length > 0) {
    lines.push('', 'Misses (notes-bot, not first or not answered):');
    for (const m of report.misses)
      lines.push(
        `- ${m.id} [${m.kind}] ${m.question} → ${m.rank === undefined ? (m.top?.startsWith('answered') ? m.top : 'not in top 10') : `rank ${m.rank}`}`,
      );
  }
  return lines.join('\n');
}

const program = new Command('eval')
  .description('Measure retrieval quality on labeled questions')
  .option('--notes <dir>', 'notes folder (with --questions)')
  .option('--questions <file>', 'JSON lines: {"id", "question", "kind", "gold": [{"url"?, "contains"}]}')
  .option('--json', 'print one JSON object')
  .action(async (flags: { notes?: string; questions?: string; json?: boolean }) => {
    const sets: [string, string][] =
      flags.notes || flags.questions
        ? [[flags.notes ?? 'notes', flags.questions ?? 'tests/fixtures/eval/notes-questions.jsonl']]
        : [
            ['notes', 'tests/fixtures/eval/notes-questions.jsonl'],
            ['tests/fixtures/corpus', 'tests/fixtures/eval/corpus-questions.jsonl'],
          ];
    const reports: SetReport[] = [];
    for (const [notes, questions] of sets) reports.push(await evaluateSet(notes, questions));
    console.log(flags.json ? JSON.stringify(reports, null, 2) : reports.map(markdown).join('\n\n'));
  });

await program.parseAsync();
