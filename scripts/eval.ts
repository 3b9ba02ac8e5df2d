/**
 * Retrieval quality: `npm run eval [-- --notes DIR --questions FILE.jsonl] [--json]`.
 * Without --notes/--questions it runs the shipped sets: notes/, the fixture corpus (its first
 * questions, and the ones written the way people ask: paraphrases from titles, chat, long
 * messages), the Chinese fixture notes, and a held-out corpus asked the same ways.
 * notes-bot is compared with plain BM25 and dense-only ranking over the same passages.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Command } from 'commander';
import MiniSearch from 'minisearch';
import { readConfig } from '../src/config.js';
import type { Embedder } from '../src/embed/embedder.js';
import { createDenseIndex } from '../src/search/dense.js';
import { createSearchEngine, type EngineData, type SearchEngine } from '../src/search/engine.js';
import { silentLog } from '../src/log/log.js';
import { prepare } from '../src/prepare.js';
import type { Passage } from '../src/notes/passages.js';
import { firstHitRank, parseQuestions, score, type LabeledQuestion, type Scores } from './lib/eval-metrics.js';

interface Ranked {
  passages: Passage[];
  /** Whether the system answered at all; only notes-bot's engines decide "not covered". */
  answered?: boolean;
}

interface System {
  name: string;
  rank(question: string): Promise<Ranked>;
}

interface Abstention {
  unanswerable: number;
  saidNotCovered: number;
  answerable: number;
  wronglyNotCovered: number;
}

interface SetReport {
  notes: string;
  questions: string;
  mode: string;
  model?: string;
  systems: { name: string; byKind: Record<string, Scores>; overall: Scores; abstention?: Abstention }[];
  misses: { id: string; kind: string; question: string; rank?: number; top?: string }[];
}

const TOP = 10;

function bm25Baseline(passages: Passage[]): System {
  const index = new MiniSearch<{ id: number; text: string }>({ fields: ['text'] });
  index.addAll(passages.map((p, id) => ({ id, text: p.text })));
  return {
    name: 'plain BM25',
    rank: async (q) => ({
      passages: index
        .search(q)
        .slice(0, TOP)
        .map((r) => passages[r.id as number]!),
    }),
  };
}

function engineSystem(name: string, engine: SearchEngine): System {
  return {
    name,
    rank: async (q) => {
      const r = await engine.search(q, { k: TOP });
      return { passages: r.hits.map((h) => h.passage), answered: r.answered };
    },
  };
}

function denseOnly(passages: readonly Passage[], data: EngineData, embedder: Embedder): System {
  const dense = createDenseIndex(data.vectors, data.dims);
  return {
    name: 'dense only',
    rank: async (q) => {
      const [v] = await embedder.embed([q], 'query');
      const { nearest } = await dense.match(v!, TOP);
      return { passages: nearest.map((i) => passages[i]!) };
    },
  };
}

async function evaluateSet(notesDir: string, questionsFile: string): Promise<SetReport> {
  const questions: LabeledQuestion[] = parseQuestions(await readFile(questionsFile, 'utf8'), questionsFile);
  const indexDir = await mkdtemp(path.join(os.tmpdir(), 'notes-bot-eval-'));
  try {
    const config = readConfig(process.env, { NOTES_DIR: notesDir, INDEX_DIR: indexDir });
    const { engine, build } = await prepare(config, { log: silentLog });
    const passages = [...engine.passages];
    const systems: System[] = [engineSystem(`notes-bot (${engine.mode})`, engine)];
    // What answers when no model can be loaded at all: the same engine without the dense side.
    if (engine.mode === 'hybrid') systems.push(engineSystem('notes-bot (keywords only)', createSearchEngine({ passages })));
    systems.push(bm25Baseline(passages));
    if (build && engine.embedder) systems.push(denseOnly(passages, build.index.data, engine.embedder));

    const report: SetReport = { notes: notesDir, questions: questionsFile, mode: engine.mode, model: engine.embedder?.model, systems: [], misses: [] };
    for (const system of systems) {
      const ranks = new Map<string, (number | undefined)[]>();
      const abstention: Abstention = { unanswerable: 0, saidNotCovered: 0, answerable: 0, wronglyNotCovered: 0 };
      let decides = false;
      const isMain = system === systems[0];
      for (const q of questions) {
        const ranked = await system.rank(q.question);
        const answered = ranked.answered ?? true;
        decides ||= ranked.answered !== undefined;
        if (q.gold.length === 0) {
          abstention.unanswerable++;
          if (!answered) abstention.saidNotCovered++;
          else if (isMain) report.misses.push({ id: q.id, kind: q.kind, question: q.question, top: 'answered, but the notes do not cover it' });
          continue;
        }
        const rank = firstHitRank(ranked.passages, q.gold);
        ranks.set(q.kind, [...(ranks.get(q.kind) ?? []), rank]);
        abstention.answerable++;
        if (!answered) abstention.wronglyNotCovered++;
        if (isMain && !answered) report.misses.push({ id: q.id, kind: q.kind, question: q.question, top: 'answered "not covered"' });
        else if (isMain && (rank === undefined || rank > 1)) {
          report.misses.push({ id: q.id, kind: q.kind, question: q.question, rank, top: ranked.passages[0]?.text.slice(0, 90) });
        }
      }
      const byKind = Object.fromEntries([...ranks].map(([kind, r]) => [kind, score(r)]));
      report.systems.push({ name: system.name, byKind, overall: score([...ranks.values()].flat()), ...(decides ? { abstention } : {}) });
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
    `### ${report.questions} over ${report.notes} (${report.mode}${report.model ? `, ${report.model}` : ''})`,
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
  lines.push('');
  for (const { name, abstention: a } of report.systems) {
    if (a)
      lines.push(
        `${name}: "not covered" for ${a.saidNotCovered}/${a.unanswerable} unanswerable questions; wrongly for ${a.wronglyNotCovered}/${a.answerable} answerable ones.`,
      );
  }
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
            ['tests/fixtures/corpus', 'tests/fixtures/eval/corpus-asked.jsonl'],
            ['tests/fixtures/corpus-zh', 'tests/fixtures/eval/corpus-zh-questions.jsonl'],
            ['tests/fixtures/corpus-quota', 'tests/fixtures/eval/corpus-quota-asked.jsonl'],
          ];
    const reports: SetReport[] = [];
    for (const [notes, questions] of sets) reports.push(await evaluateSet(notes, questions));
    console.log(flags.json ? JSON.stringify(reports, null, 2) : reports.map(markdown).join('\n\n'));
  });

await program.parseAsync();
