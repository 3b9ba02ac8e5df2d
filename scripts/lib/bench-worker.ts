/**
 * One benchmark measurement in a process of its own, so that its peak memory and cold start
 * are its own. Reads its job as JSON from argv[2], prints its result as one JSON line.
 */
import { appendFile, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { LocalDocumentIndex } from 'vectra';
import { answerQuestion } from '../../src/answer/answer.js';
import { readConfig } from '../../src/config.js';
import { en } from '../../src/discord/i18n/index.js';
import { answerReply } from '../../src/discord/render.js';
import { loadTransformersEmbedder, type Embedder } from '../../src/embed/embedder.js';
import { LiveIndex } from '../../src/index/live.js';
import { readIndex } from '../../src/index/store.js';
import { silentLog } from '../../src/log/log.js';
import { loadNotes, type NotesCache } from '../../src/notes/load.js';
import { indexNotes } from '../../src/index/index-notes.js';
import { openSearchEngine, type SearchEngine } from '../../src/search/engine.js';
import { randomEmbedder } from './random-embedder.js';
import { percentile, round, rssMb } from './stats.js';

export interface Job {
  mode: 'notes-bot' | 'cold' | 'vectra';
  notesDir: string;
  indexDir: string;
  dims: 64 | 384;
  tinyModel: string;
  questions: string[];
}

async function embedderFor(job: Job): Promise<Embedder> {
  return job.dims === 64 ? loadTransformersEmbedder(job.tinyModel, path.join(job.indexDir, '.cache')) : randomEmbedder(384);
}

async function time<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const t = performance.now();
  const value = await fn();
  return [value, performance.now() - t];
}

/** Latency percentiles of fn over the questions, after a short warm-up. */
async function latencies(questions: string[], fn: (q: string) => Promise<unknown>): Promise<{ p50: number; p95: number }> {
  for (const q of questions.slice(0, 3)) await fn(q);
  const samples: number[] = [];
  for (const q of questions) samples.push((await time(() => fn(q)))[1]);
  return { p50: round(percentile(samples, 50), 2), p95: round(percentile(samples, 95), 2) };
}

async function render(engine: SearchEngine, question: string) {
  const answer = await answerQuestion(engine, question, { k: 4 });
  return answerReply({ question, results: answer.results.slice(0, 3), weak: false, key: 'k', offset: 0, hasMore: true, isPublic: false, votes: true }, en);
}

async function notesBot(job: Job) {
  const config = readConfig({}, { NOTES_DIR: job.notesDir, INDEX_DIR: job.indexDir });
  const embedder = await embedderFor(job);
  const cache: NotesCache = new Map();
  const [built, buildMs] = await time(() => indexNotes(config, embedder, { log: silentLog, cache }));
  const live = new LiveIndex(config, embedder, built, silentLog, cache);
  const [, nochangeMs] = await time(() => live.reindex());
  const changed = path.join(job.notesDir, 'generated-0.md');
  const original = await readFile(changed, 'utf8');
  await appendFile(changed, '\nOne more sentence about the ferry timetable was added for the benchmark.\n');
  const [changedReport, onechangeMs] = await time(() => live.reindex());
  await writeFile(changed, original);
  await live.reindex();
  const search = await latencies(job.questions, (q) => live.engine.search(q));
  const reply = await latencies(job.questions, (q) => render(live.engine, q));
  return {
    passages: built.engine.passages.length,
    notes: built.notes.notes.length,
    build_ms: round(buildMs),
    passages_per_s: round(built.engine.passages.length / (buildMs / 1000), 0),
    reindex_nochange_ms: round(nochangeMs),
    reindex_onechange_ms: round(onechangeMs),
    reindex_onechange_embedded: changedReport.embedded,
    query_p50_ms: search.p50,
    query_p95_ms: search.p95,
    reply_p50_ms: reply.p50,
    reply_p95_ms: reply.p95,
    rss_mb: rssMb(),
  };
}

/** From nothing to the first rendered answer, over an index already built: a bot's restart. */
async function cold(job: Job) {
  const t0 = performance.now();
  const [embedder, modelMs] = await time(() => embedderFor(job));
  const [engine, indexMs] = await time(async () => {
    const stored = (await readIndex(job.indexDir))!;
    return openSearchEngine(stored.data, embedder);
  });
  const [, firstMs] = await time(() => render(engine, job.questions[0]!));
  return { cold_start_ms: round(performance.now() - t0), model_load_ms: round(modelMs), index_load_ms: round(indexMs), first_answer_ms: round(firstMs) };
}

/** The baseline a user would otherwise pick: Vectra's LocalDocumentIndex over the same notes and model. */
async function vectra(job: Job) {
  const embedder = await embedderFor(job);
  const index = new LocalDocumentIndex({
    folderPath: path.join(job.indexDir, 'vectra'),
    embeddings: {
      maxTokens: 8000,
      async createEmbeddings(inputs) {
        const vectors = await embedder.embed(Array.isArray(inputs) ? inputs : [inputs]);
        return { status: 'success', output: vectors.map((v) => Array.from(v)) };
      },
    },
  });
  const { notes } = await loadNotes(job.notesDir, 'https://dev.heng.lu/');
  const [, buildMs] = await time(async () => {
    await index.createIndex({ version: 1, deleteIfExists: true });
    for (const note of notes) await index.upsertDocument(note.url, note.body, 'md');
  });
  const query = await latencies(job.questions, (q) => index.queryDocuments(q, { maxDocuments: 5 }));
  return { vectra_build_ms: round(buildMs), vectra_query_p50_ms: query.p50, vectra_query_p95_ms: query.p95, vectra_rss_mb: rssMb() };
}

const job = JSON.parse(process.argv[2]!) as Job;
const result = job.mode === 'notes-bot' ? await notesBot(job) : job.mode === 'cold' ? await cold(job) : await vectra(job);
process.stdout.write(`${JSON.stringify(result)}\n`);
