import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { writeCostModel } from '../../scripts/lib/cost-model.js';
import { BUNDLED_MODEL_DIR } from '../../src/embed/bundled.js';
import { loadTransformersEmbedder } from '../../src/embed/embedder.js';
import { ROOT, tempDir } from '../support/paths.js';

const exec = promisify(execFile);
const run = (script: string, args: string[]) =>
  exec(process.execPath, ['--import', 'tsx', script, ...args], { cwd: ROOT, maxBuffer: 1 << 24 }).then(({ stdout }) => JSON.parse(stdout));

// The benchmarks' numbers are reported, not asserted; these check that they run and say what they must.
describe('benchmarks', () => {
  it('npm run bench -- --json measures notes-bot beside Vectra and reports every field', async () => {
    const report = await run('scripts/bench.ts', ['--json', '--sizes', '100', '--dims', '64']);
    expect(report.corpus).toBe('generated');
    expect(report.sizes).toHaveLength(1);
    const size = report.sizes[0];
    expect(size.vectors).toBe('tiny model');
    expect(size.passages).toBeGreaterThan(50);
    for (const field of [
      'build_ms',
      'reindex_nochange_ms',
      'reindex_one_note_ms',
      'reindex_one_note_edit_ms',
      'restart_check_ms',
      'reindex_one_note_after_restart_ms',
      'event_loop_p99_during_reindex_ms',
      'reply_p95_during_reindex_ms',
      'peak_rss_mb',
      'query_p50_ms',
      'query_p95_ms',
      'rss_mb',
      'vectra_build_ms',
      'vectra_query_p50_ms',
      'cold_start_ms',
    ]) {
      expect(size[field], field).toBeGreaterThan(0);
    }
    // Each change to one note embeds that note's changed passage, not the rest.
    expect(size.reindex_one_note_embedded).toBe(1);
    expect(size.reindex_one_note_edit_embedded).toBe(1);
    expect(size.reindex_one_note_after_restart_embedded).toBe(1);
    expect(Object.keys(report.big_note_load_ms)).toEqual(['0.5MB', '1MB', '2MB', '4MB']);
  }, 120_000);

  it('npm run bench:discord answers every interaction exactly once', async () => {
    const report = await run('scripts/bench-discord.ts', ['--json', '--total', '20', '--concurrency', '5', '--starts', '1', '--passages', '200']);
    expect(report.model).toBe(path.basename(BUNDLED_MODEL_DIR));
    expect(report.interactions).toBe(20);
    expect(report.cold_start_ms.compiled).toBeGreaterThan(0);
    expect(report.cold_start_ms.tsx).toBeGreaterThan(0);
    expect(report.answered_exactly_once).toBe(true);
    expect(report.deferral_ms.max).toBeGreaterThan(0);
    // The first five were sent at once: their answers are reported apart too.
    expect(report.first_burst_answer_ms.max).toBeGreaterThan(0);
    expect(report.memory_after.rss_mb).toBeGreaterThan(0);
    // On Linux, the CPU time each answer cost: the answering thread's is part of the process's.
    if (process.platform === 'linux') {
      const cpu = report.cpu_ms_per_answer;
      expect(cpu.answering_thread).toBeGreaterThan(0);
      expect(cpu.process).toBeGreaterThanOrEqual(cpu.answering_thread);
    }
    // The same load again while every generated note is re-indexed on the bot's indexing thread.
    expect(report.during_reindex.answered_exactly_once).toBe(true);
    // And again once the engine that re-index made serves.
    expect(report.after_reindex.answered_exactly_once).toBe(true);
    expect(report.after_reindex.answer_ms.p95).toBeGreaterThan(0);
    expect(report.defer_p95_during_reindex_ms).toBeGreaterThan(0);
  }, 180_000);

  it('npm run bench:encoder times the products of a MiniLM-shaped encoder for a question, a quote and an indexing batch', async () => {
    const report = await run('scripts/bench-encoder.ts', ['--json']);
    expect(report).toMatchObject({ layers: 6, width: 384, ffn: 1536, threads: 1 });
    expect(report.results.map((r: { texts: number; tokens_each: number }) => [r.texts, r.tokens_each])).toEqual([
      [1, 12],
      [15, 32],
      [32, 256],
    ]);
    for (const r of report.results) expect(r.ms).toBeGreaterThan(0);
  }, 60_000);

  it("bench:discord's --minilm-cost model embeds as the bundled model does, through an encoder of MiniLM-L6's shape", async () => {
    const folder = await writeCostModel(path.join(await tempDir(), 'minilm-cost'));
    const costly = await loadTransformersEmbedder(folder, await tempDir(), false);
    const bundled = await loadTransformersEmbedder(BUNDLED_MODEL_DIR, await tempDir(), false);
    const texts = ['do registries have legal authority?', 'IPv4 is a scarce asset worth far more than today’s price', 'ICP-2'];
    const [a, b] = [await costly.embed(texts, 'query'), await bundled.embed(texts, 'query')];
    expect(costly.dimensions).toBe(bundled.dimensions);
    a.forEach((v, i) => v.forEach((x, j) => expect(Math.abs(x - b[i]![j]!)).toBeLessThan(1e-4)));
    // The encoder's output is added, not left out: the vectors are not the bundled model's exactly.
    expect(a.some((v, i) => v.some((x, j) => x !== b[i]![j]))).toBe(true);
  }, 60_000);
});
