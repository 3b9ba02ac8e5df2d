/**
 * Load through the fake Discord: `npm run bench:discord [-- --json] [--total 200] [--concurrency 50] [--passages 10000] [--minilm-cost]`.
 * The bot runs as `npm start` would, in a process of its own, against the fake Discord from
 * the tests; this process sends /ask interactions, at most `concurrency` waiting at once, and
 * times the first response (the deferral) and the final answer of each.
 */
import { execFile, spawn } from 'node:child_process';
import { cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { Command } from 'commander';
import { BUNDLED_MODEL_DIR } from '../src/embed/bundled.js';
import { freePort } from '../tests/support/bot-process.js';
import { APP_ID, FakeDiscord, nextId, slashCommand } from '../tests/support/fake-discord.js';
import { writeCostModel } from './lib/cost-model.js';
import { generateCorpus } from './lib/generated-corpus.js';
import { BOT_ENV } from './lib/process-env.js';
import { percentile, round } from './lib/stats.js';

/** A port nothing listens on now: the bot's health endpoint goes there. */

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const TINY_MODEL = process.env.BENCH_MODEL ?? BUNDLED_MODEL_DIR;
const exec = promisify(execFile);

interface Timing {
  token: string;
  sent: number;
  deferred?: number;
  answered?: number;
  callbacks: number;
  edits: number;
  done: () => void;
}

const program = new Command('bench:discord')
  .option('--json', 'print one JSON object')
  .option('--total <n>', 'interactions', Number, 200)
  .option('--concurrency <n>', 'interactions waiting at once', Number, 50)
  .option('--starts <n>', 'cold starts timed for each of compiled and tsx', Number, 3)
  .option('--passages <n>', 'generated passages beside the test corpus (every one re-indexed during the second round)', Number, 10000)
  .option('--minilm-cost', 'embed with a model that costs what all-MiniLM-L6-v2 does and answers as the bundled one (scripts/lib/cost-model.ts)')
  .action(async (flags: { json?: boolean; total: number; concurrency: number; starts: number; passages: number; minilmCost?: boolean }) => {
    const questions = (await readFile(path.join(ROOT, 'tests/fixtures/eval/corpus-questions.jsonl'), 'utf8'))
      .split('\n')
      .filter(Boolean)
      .map((l) => (JSON.parse(l) as { question: string }).question);
    const fake = await new FakeDiscord().start();
    const work = await mkdtemp(path.join(os.tmpdir(), 'notes-bot-load-'));
    const notesDir = path.join(work, 'notes');
    const generated = path.join(notesDir, 'generated');
    await cp(path.join(ROOT, 'tests/fixtures/corpus'), notesDir, { recursive: true });
    if (flags.passages > 0) await generateCorpus(generated, flags.passages);
    const model = flags.minilmCost ? await writeCostModel(path.join(work, 'minilm-cost')) : TINY_MODEL;
    const healthPort = await freePort();
    const readyUrl = `http://127.0.0.1:${healthPort}/ready`;
    type Health = { ready: boolean; reindexing: boolean; rss_mb: number; heap_mb: number; startup_ms: Record<string, number> };
    const health = async () => (await (await fetch(readyUrl)).json()) as Health;
    /** Polls /ready (no answer while the bot starts) until check holds or timeoutMs pass; the last answer. */
    const until = async (check: (h: Health) => boolean, timeoutMs: number) => {
      const deadline = performance.now() + timeoutMs;
      for (;;) {
        const status = await health().catch(() => undefined);
        if ((status && check(status)) || performance.now() >= deadline) return status;
        await new Promise((r) => setTimeout(r, 25));
      }
    };
    const start = (argv: string[]) => {
      const child = spawn(process.execPath, argv, {
        cwd: ROOT,
        stdio: ['ignore', 'ignore', 'inherit'],
        env: {
          ...process.env,
          ...BOT_ENV,
          DISCORD_TOKEN: 'fake-token',
          DISCORD_CLIENT_ID: APP_ID,
          DISCORD_API_URL: fake.apiUrl,
          EMBEDDING_MODEL: model,
          NOTES_DIR: notesDir,
          INDEX_DIR: path.join(work, 'index'),
          COOLDOWN_SECONDS: '0',
          QUESTION_LOG_FILE: path.join(work, 'questions.db'),
          HEALTH_PORT: String(healthPort),
          LOG_LEVEL: 'error',
        },
      });
      const exited = new Promise((resolve) => child.on('exit', resolve));
      return { pid: child.pid!, stop: () => (child.kill('SIGTERM'), exited) };
    };
    /** From spawn to /ready answering 200: model, index and gateway. */
    const timeToReady = async (argv: string[]) => {
      const t = performance.now();
      const bot = start(argv);
      const status = await until((h) => h.ready, 300_000);
      if (status?.ready) return { bot, ms: round(performance.now() - t), steps: status.startup_ms };
      await bot.stop();
      throw new Error(`the bot was not ready within 300 s (${argv.join(' ')})`);
    };
    await exec(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json'], { cwd: ROOT });
    const COMPILED = ['dist/discord/main.js'];
    const TSX = ['--import', 'tsx', 'src/discord/main.ts'];
    // The first start builds the index; the cold starts after it load the index as a restart does.
    await (await timeToReady(COMPILED)).bot.stop();
    const coldStart = { tsx: [] as number[], compiled: [] as number[] };
    const compiledSteps: Record<string, number>[] = [];
    for (let i = 0; i < flags.starts; i++) {
      for (const [name, argv] of [
        ['tsx', TSX],
        ['compiled', COMPILED],
      ] as const) {
        const { bot, ms, steps } = await timeToReady(argv);
        coldStart[name].push(ms);
        if (name === 'compiled') compiledSteps.push(steps);
        await bot.stop();
      }
    }
    const { bot } = await timeToReady(COMPILED);
    try {
      // The quiet round starts once the start's own check of the notes is over.
      await until((h) => !h.reindexing, 30_000);
      const before = await health();

      const timings = new Map<string, Timing>();
      const byToken = new Map<string, Timing>();
      fake.subscribe((r) => {
        const now = performance.now();
        const token = /\/webhooks\/\d+\/([^/]+)\/messages\/@original$/.exec(r.path)?.[1];
        const id = /^\/interactions\/(\d+)\//.exec(r.path)?.[1];
        const t = id ? timings.get(id) : token ? byToken.get(token) : undefined;
        if (!t) return;
        if (id) {
          t.callbacks++;
          t.deferred ??= now;
        } else if (r.method === 'PATCH') {
          t.edits++;
          t.answered ??= now;
          t.done();
        }
      });

      /**
       * The CPU time the bot's answering thread (its main thread) and its whole process have had, in
       * ms (Linux's schedstat, in ns; undefined elsewhere). Per answer, it measures the work an
       * answer costs that thread apart from the latencies, which on this 2-core machine also
       * wait for the fake Discord and this process.
       */
      const cpuMs = async () => {
        const onCpu = async (file: string) => Number((await readFile(file, 'utf8')).split(' ')[0]) / 1e6;
        try {
          const threads = await readdir(`/proc/${bot.pid}/task`);
          const all = await Promise.all(threads.map((tid) => onCpu(`/proc/${bot.pid}/task/${tid}/schedstat`)));
          return { answering: await onCpu(`/proc/${bot.pid}/task/${bot.pid}/schedstat`), process: all.reduce((a, b) => a + b, 0) };
        } catch {
          return undefined;
        }
      };

      /** Sends `total` /ask, at most `concurrency` waiting at once; the deferral and answer times of each. */
      const load = async () => {
        timings.clear();
        byToken.clear();
        const cpuBefore = await cpuMs();
        const started = performance.now();
        let next = 0;
        const runOne = async (): Promise<void> => {
          while (next < flags.total) {
            const n = next++;
            const i = slashCommand({ id: nextId(), username: `load${n}` }, 'ask', [{ name: 'question', type: 3, value: questions[n % questions.length]! }]);
            await new Promise<void>((done) => {
              const timing: Timing = { token: i.token, sent: performance.now(), callbacks: 0, edits: 0, done };
              timings.set(i.id, timing);
              byToken.set(i.token, timing);
              fake.sendInteraction(i.payload);
            });
          }
        };
        await Promise.all(Array.from({ length: flags.concurrency }, runOne));
        const wall = performance.now() - started;
        const cpuAfter = await cpuMs();
        // Late duplicates would show here.
        await new Promise((r) => setTimeout(r, 500));
        const all = [...timings.values()];
        const perAnswer = (ms: number) => round(ms / all.length, 2);
        return {
          wall,
          all,
          cpu:
            cpuBefore && cpuAfter
              ? { answering_thread: perAnswer(cpuAfter.answering - cpuBefore.answering), process: perAnswer(cpuAfter.process - cpuBefore.process) }
              : undefined,
          deferral: all.map((t) => t.deferred! - t.sent),
          answer: all.map((t) => t.answered! - t.sent),
        };
      };
      const stats = (xs: number[]) => ({ p50: round(percentile(xs, 50)), p95: round(percentile(xs, 95)), max: round(Math.max(...xs)) });

      const quiet = await load();
      const after = await health();
      // Every sentence of every generated note changes: the bot re-indexes all of them on its
      // indexing thread (the watcher's debounce is 1 s), and the same load arrives meanwhile; then
      // once more over the engine that re-index made.
      let reindexing: Awaited<ReturnType<typeof load>> | undefined;
      let reindexed: Awaited<ReturnType<typeof load>> | undefined;
      if (flags.passages > 0) {
        for (const file of await readdir(generated)) {
          if (file.endsWith('.md')) await writeFile(path.join(generated, file), (await readFile(path.join(generated, file), 'utf8')).replaceAll('. ', '; '));
        }
        // A small re-index may start and end between two polls: 30 s at most.
        await until((h) => h.reindexing, 30_000);
        reindexing = await load();
        if ((await until((h) => !h.reindexing, 600_000))?.reindexing !== false) throw new Error('the re-index did not end within 10 minutes');
        reindexed = await load();
      }
      const summary = (r: Awaited<ReturnType<typeof load>>) => ({
        deferral_ms: stats(r.deferral),
        answer_ms: stats(r.answer),
        // The first `concurrency` were sent at once; the rest one by one as answers came back.
        first_burst_answer_ms: stats(r.answer.slice(0, flags.concurrency)),
        answered_exactly_once: r.all.every((t) => t.callbacks === 1 && t.edits === 1),
        ...(r.cpu ? { cpu_ms_per_answer: r.cpu } : {}),
      });
      const result = {
        model: flags.minilmCost ? 'minilm-cost' : path.basename(model),
        interactions: quiet.all.length,
        concurrency: flags.concurrency,
        wall_ms: round(quiet.wall),
        ...summary(quiet),
        passages: flags.passages,
        ...(reindexing && reindexed
          ? { defer_p95_during_reindex_ms: stats(reindexing.deferral).p95, during_reindex: summary(reindexing), after_reindex: summary(reindexed) }
          : {}),
        cold_start_ms: { tsx: percentile(coldStart.tsx, 50), compiled: percentile(coldStart.compiled, 50), starts: flags.starts },
        // The compiled bot's own account of where its start went (its /ready body), median per step.
        compiled_startup_ms: Object.fromEntries(
          Object.keys(compiledSteps[0] ?? {}).map((step) => [
            step,
            percentile(
              compiledSteps.map((s) => s[step]!),
              50,
            ),
          ]),
        ),
        memory_before: { rss_mb: before.rss_mb, heap_mb: before.heap_mb },
        memory_after: { rss_mb: after.rss_mb, heap_mb: after.heap_mb },
      };
      if (flags.json) console.log(JSON.stringify(result, null, 2));
      else {
        console.log(
          `${result.interactions} /ask interactions, ${result.concurrency} at once, in ${result.wall_ms} ms (model: ${result.model}); every one answered exactly once: ${result.answered_exactly_once}`,
        );
        console.log('| | p50 | p95 | max |\n|---|---:|---:|---:|');
        console.log(`| first response (deferral) | ${result.deferral_ms.p50} ms | ${result.deferral_ms.p95} ms | ${result.deferral_ms.max} ms |`);
        console.log(`| final answer | ${result.answer_ms.p50} ms | ${result.answer_ms.p95} ms | ${result.answer_ms.max} ms |`);
        const first = result.first_burst_answer_ms;
        console.log(`| final answer, the first ${result.concurrency} (sent at once) | ${first.p50} ms | ${first.p95} ms | ${first.max} ms |`);
        if (result.cpu_ms_per_answer)
          console.log(
            `CPU per answer: ${result.cpu_ms_per_answer.answering_thread} ms of the answering thread, ${result.cpu_ms_per_answer.process} ms of the bot's process.`,
          );
        if (result.during_reindex) {
          const d = result.during_reindex;
          console.log(
            `| first response, during a re-index of every generated note | ${d.deferral_ms.p50} ms | ${d.deferral_ms.p95} ms | ${d.deferral_ms.max} ms |`,
          );
          console.log(`| final answer, during it | ${d.answer_ms.p50} ms | ${d.answer_ms.p95} ms | ${d.answer_ms.max} ms |`);
        }
        if (result.after_reindex) {
          const a = result.after_reindex.answer_ms;
          console.log(`| final answer, once the new index serves | ${a.p50} ms | ${a.p95} ms | ${a.max} ms |`);
        }
        console.log(
          `Cold start to /ready (median of ${flags.starts}): ${result.cold_start_ms.compiled} ms compiled (npm start: ${Object.entries(
            result.compiled_startup_ms,
          )
            .map(([step, ms]) => `${step} ${ms}`)
            .join(', ')} ms), ${result.cold_start_ms.tsx} ms through tsx.`,
        );
        console.log(
          `Bot process memory: RSS ${result.memory_before.rss_mb} → ${result.memory_after.rss_mb} MB, heap ${result.memory_before.heap_mb} → ${result.memory_after.heap_mb} MB.`,
        );
      }
    } finally {
      await bot.stop();
      await fake.stop();
      await rm(work, { recursive: true, force: true });
    }
  });

await program.parseAsync();
