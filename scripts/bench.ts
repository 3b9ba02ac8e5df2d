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
import type { Job } from './lib/bench-worker.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const TINY_MODEL = process.env.BENCH_MODEL ?? BUNDLED_MODEL_DIR;
const exec = promisify(execFile);

async function worker(job: Job): Promise<Record<string, number>> {
  const { stdout } = await exec(process.execPath, ['--import', 'tsx', path.join(ROOT, 'scripts/lib/bench-worker.ts'), JSON.stringify(job)], {
    cwd: ROOT,
    maxBuffer: 1 << 24,
  });
  return JSON.parse(stdout.trim().split('\n').pop()!) as Record<string, number>;
}

const list = (v: string) => v.split(',').map(Number);

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
  .option('--sizes <list>', 'passages in the generated corpora', list, [100, 1000, 10000])
  .option('--dims <list>', '64 (the tiny model) and/or 384 (random unit vectors)', list, [64, 384])
  .action(async (flags: { json?: boolean; sizes: number[]; dims: number[] }) => {
    const work = await mkdtemp(path.join(os.tmpdir(), 'notes-bot-bench-'));
    const questions = sampleQuestions(60);
    const rows: Record<string, number | string>[] = [];
    try {
      for (const size of flags.sizes) {
        const notesDir = path.join(work, `corpus-${size}`);
        await generateCorpus(notesDir, size);
        for (const dims of flags.dims as (64 | 384)[]) {
          const indexDir = path.join(work, `index-${size}-${dims}`);
          const job: Job = { mode: 'notes-bot', notesDir, indexDir, dims, tinyModel: TINY_MODEL, questions };
          process.stderr.write(`bench: ${size} passages, ${dims} dimensions…\n`);
          const ours = await worker(job);
          const coldStart = await worker({ ...job, mode: 'cold' });
          const baseline = await worker({ ...job, mode: 'vectra' });
          rows.push({ dims, vectors: dims === 64 ? 'tiny model' : 'random unit vectors', ...ours, ...coldStart, ...baseline });
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
    const x = (a: number, b: number) => (b > 0 ? `${(a / b).toFixed(1)}×` : '–');
    console.log(
      '| passages | dims | build (passages/s) | re-index: none / one changed | cold start | search p50 / p95 | to reply p50 / p95 | peak RSS | Vectra build | Vectra query p50 | search vs Vectra |',
    );
    console.log('|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
    for (const r of rows as Record<string, number>[]) {
      console.log(
        `| ${r.passages} | ${r.dims} | ${r.build_ms} ms (${r.passages_per_s}) | ${r.reindex_nochange_ms} / ${r.reindex_onechange_ms} ms | ${r.cold_start_ms} ms | ${r.query_p50_ms} / ${r.query_p95_ms} ms | ${r.reply_p50_ms} / ${r.reply_p95_ms} ms | ${r.rss_mb} MB | ${r.vectra_build_ms} ms | ${r.vectra_query_p50_ms} ms | ${x(r.vectra_query_p50_ms!, r.query_p50_ms!)} faster |`,
      );
    }
    console.log(
      `\nOne note of one long paragraph, parsed and split: ${Object.entries(bigNote)
        .map(([size, ms]) => `${size} ${ms} ms`)
        .join(', ')}.`,
    );
    console.log('\n64 dims: the small model bundled in models/; 384 dims: random unit vectors standing in for MiniLM (no such model here). Corpus: generated.');
  });

await program.parseAsync();
