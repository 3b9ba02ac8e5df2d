/**
 * Speed and memory: `npm run bench [-- --json] [--sizes 100,1000,10000] [--dims 64,384]`.
 * notes-bot beside Vectra's LocalDocumentIndex (queryDocuments; same notes, same model) on a
 * GENERATED corpus. 64 dimensions is the real tiny model; 384 stands for MiniLM's size with
 * random unit vectors, since no such model can be loaded here. Each measurement runs in a
 * process of its own.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { Command } from 'commander';
import { BUNDLED_MODEL_DIR } from '../src/embed/bundled.js';
import { parseNote } from '../src/notes/load.js';
import { notePassages } from '../src/notes/passages.js';
import { generateCorpus, sampleQuestions } from './lib/generated-corpus.js';
import { BOT_ENV } from './lib/process-env.js';
import type { Job } from './lib/bench-worker.js';
import { percentile } from './lib/stats.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const TINY_MODEL = process.env.BENCH_MODEL ?? BUNDLED_MODEL_DIR;
const exec = promisify(execFile);

// Measured compiled, as the bot runs: under tsx its module hooks (a thread of their own) and
// on-the-fly compiling added about 170 MB and most of a second to every process.
const COMPILED_WORKER = path.join(ROOT, 'node_modules/.cache/notes-bot-bench/scripts/lib/bench-worker.js');

async function compileWorker(): Promise<void> {
  await exec(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'scripts/tsconfig.bench.json'], { cwd: ROOT });
}

async function worker(job: Job): Promise<Record<string, number>> {
  const { stdout } = await exec(process.execPath, [COMPILED_WORKER, JSON.stringify(job)], {
    cwd: ROOT,
    env: { ...process.env, ...BOT_ENV },
    maxBuffer: 1 << 24,
  });
  return JSON.parse(stdout.trim().split('\n').pop()!) as Record<string, number>;
}

const list = (v: string) => v.split(',').map(Number);

/** Each field's median over the runs. */
function medians(runs: Record<string, number>[]): Record<string, number> {
  return Object.fromEntries(
    Object.keys(runs[0] ?? {}).map((key) => [
      key,
      percentile(
        runs.map((r) => r[key]!),
        50,
      ),
    ]),
  );
}

/**
 * Milliseconds to load one note of one long paragraph (parse and split into passages), by size in
 * MB: linear, where splitting sentences used to be quadratic (15 s for 1 MB).
 */
function bigNoteLoad(): Record<string, number> {
  const sentence = 'The registry holds no authority over the holders of addresses, and its policies bind only those who agree to them. ';
  const times: Record<string, number> = {};
  for (const mb of [0.5, 1, 2, 4]) {
    const body = sentence.repeat(Math.round((mb * 2 ** 20) / sentence.length));
    const started = performance.now();
    const parsed = parseNote('big.md', `# Big\n\n${body}`, 'https://dev.heng.lu/');
    if (parsed.kind === 'note') notePassages(parsed.note, undefined, parsed.blocks);
    times[`${mb}MB`] = Math.round(performance.now() - started);
  }
  return times;
}

const program = new Command('bench')
  .description('Index build, re-index, cold start, query latency and memory, beside Vectra')
  .option('--json', 'print one JSON object')
  .option('--sizes <list>', 'passages in the generated corpora', list, [100, 1000, 10000, 100000])
  .option('--dims <list>', '64 (the tiny model) and/or 384 (random unit vectors)', list, [64, 384])
  .option('--vectra-max <n>', "the largest size Vectra's document index is measured at (it rewrites its whole file per note)", Number, 10000)
  .option('--model-max <n>', 'the largest size measured with the tiny model (it embeds about 170 passages a second here)', Number, 10000)
  .option(
    '--serving-runs <n>',
    "how many times the serving process is measured: each of its figures is then the median, and every run's peak RSS is listed (it moves by tens of MB between runs of the same code)",
    Number,
    1,
  )
  .action(async (flags: { json?: boolean; sizes: number[]; dims: number[]; vectraMax: number; modelMax: number; servingRuns: number }) => {
    const work = await mkdtemp(path.join(os.tmpdir(), 'notes-bot-bench-'));
    const questions = sampleQuestions(60);
    const rows: Record<string, number | string | number[]>[] = [];
    await compileWorker();
    try {
      for (const size of flags.sizes) {
        const notesDir = path.join(work, `corpus-${size}`);
        await generateCorpus(notesDir, size);
        for (const dims of flags.dims as (64 | 384)[]) {
          if (dims === 64 && size > flags.modelMax) continue;
          const indexDir = path.join(work, `index-${size}-${dims}`);
          const job: Job = { mode: 'notes-bot', notesDir, indexDir, dims, tinyModel: TINY_MODEL, questions };
          process.stderr.write(`bench: ${size} passages, ${dims} dimensions…\n`);
          const ours = await worker(job);
          const runs: Record<string, number>[] = [];
          for (let run = 0; run < flags.servingRuns; run++) runs.push(await worker({ ...job, mode: 'serving' }));
          // Only the runs with a re-index have a peak (the 384-dimension ones have none).
          const peaks = runs.flatMap((r) => (r.peak_rss_mb === undefined ? [] : [r.peak_rss_mb]));
          const served = { ...medians(runs), ...(peaks.length > 1 ? { peak_rss_mb_runs: peaks } : {}) };
          const baseline = size <= flags.vectraMax ? await worker({ ...job, mode: 'vectra' }) : {};
          rows.push({ dims, vectors: dims === 64 ? 'tiny model' : 'random unit vectors', ...ours, ...served, ...baseline });
        }
      }
    } finally {
      await rm(work, { recursive: true, force: true });
    }
    const bigNote = bigNoteLoad();
    if (flags.json) {
      console.log(
        JSON.stringify(
          {
            machine: `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}`,
            corpus: 'generated',
            sizes: rows,
            big_note_load_ms: bigNote,
          },
          null,
          2,
        ),
      );
      return;
    }
    const ms = (v: number | undefined, unit = ' ms') => (v === undefined ? '–' : `${v}${unit}`);
    const x = (a: number | undefined, b: number | undefined) => (a && b ? `${(b / a).toFixed(2)}×` : '–');
    console.log(
      '| passages | dims | build (passages/s) | re-index: none / a paragraph more / a word changed / that word after a restart | cold start | serving RSS | search p50 / p95 | to reply p50 / p95 | event loop p99 / max during a full re-index | reply p95 during it | peak RSS through two | Vectra query p50 | search ÷ Vectra |',
    );
    console.log('|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
    for (const { peak_rss_mb_runs: peaks, ...r } of rows as (Record<string, number | undefined> & { peak_rss_mb_runs?: number[] })[]) {
      const peak = peaks ? `${ms(r.peak_rss_mb, ' MB')} (${peaks.join(', ')})` : ms(r.peak_rss_mb, ' MB');
      console.log(
        `| ${r.passages} | ${r.dims} | ${r.build_ms} ms (${r.passages_per_s}) | ${r.reindex_nochange_ms} / ${r.reindex_one_note_ms} / ${r.reindex_one_note_edit_ms} / ${r.reindex_one_note_after_restart_ms} ms | ${r.cold_start_ms} ms | ${r.rss_mb} MB | ${r.query_p50_ms} / ${r.query_p95_ms} ms | ${r.reply_p50_ms} / ${r.reply_p95_ms} ms | ${ms(r.event_loop_p99_during_reindex_ms)} / ${ms(r.event_loop_max_during_reindex_ms)} | ${ms(r.reply_p95_during_reindex_ms)} | ${peak} | ${ms(r.vectra_query_p50_ms)} | ${x(r.vectra_query_p50_ms, r.query_p50_ms)} |`,
      );
    }
    console.log(
      `\nOne note of one long paragraph, parsed and split: ${Object.entries(bigNote)
        .map(([size, ms]) => `${size} ${ms} ms`)
        .join(', ')}.`,
    );
    console.log(
      `\n64 dims: the small model bundled in models/ (up to ${flags.modelMax} passages); 384 dims: random unit vectors standing in for a 384-dimension model (none can be loaded here), so no re-index on the indexing thread (it loads a real model). Vectra up to ${flags.vectraMax} passages. Corpus: generated.`,
    );
  });

await program.parseAsync();
