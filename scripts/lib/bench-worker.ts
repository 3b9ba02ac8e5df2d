/**
 * One benchmark measurement in a process of its own, so that its peak memory and cold start
 * are its own. Reads its job as JSON from argv[2], prints its result as one JSON line.
 */
import { appendFile, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { answerQuestion } from '../../src/answer/answer.js';
import { readConfig } from '../../src/config.js';
import { en } from '../../src/discord/i18n/index.js';
import { answerReply } from '../../src/discord/render.js';
import { loadTransformersEmbedder, type Embedder } from '../../src/embed/embedder.js';
import { LiveIndex } from '../../src/index/live.js';
import { readIndex } from '../../src/index/store.js';
import { silentLog } from '../../src/log/log.js';
import { loadNotes, parseNote } from '../../src/notes/load.js';
import { heldIndexUpdates } from '../../src/index/index-notes.js';
import type { SearchEngine } from '../../src/search/engine.js';
import { openServingEngine } from '../../src/index/serving-engine.js';
import { randomEmbedder } from './random-embedder.js';
import { percentile, round, rssMb } from './stats.js';

export interface Job {
  mode: 'notes-bot' | 'serving' | 'vectra';
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

/**
 * Build, then the re-indexes the indexing thread runs (nothing changed; one note changed, in two
 * ways), each as the thread runs it (heldIndexUpdates) and with the engine opened over it: the
 * thread does the same work, away from the answering one. The two changes to one note: a sentence
 * added as a paragraph of its own (a passage more, so every passage after it moves) and a word
 * changed in a sentence (every other passage keeps its place). Then a restart: a thread of its own
 * whose first run finds the index on disk up to date, and the word changed again.
 */
async function notesBot(job: Job) {
  const config = readConfig({}, { NOTES_DIR: job.notesDir, INDEX_DIR: job.indexDir });
  const embedder = await embedderFor(job);
  const thread = () => {
    const update = heldIndexUpdates(config, embedder, { log: silentLog, cache: new Map() });
    return async (serving: boolean) => {
      const updated = await update(serving);
      if (updated) await openServingEngine(config.indexDir, updated.data, embedder, updated.build?.index.manifest, silentLog);
      return updated;
    };
  };
  const reindex = thread();
  const [built, buildMs] = await time(() => reindex(false));
  const [, nochangeMs] = await time(() => reindex(true));
  const changed = path.join(job.notesDir, 'generated-0.md');
  const original = await readFile(changed, 'utf8');
  await appendFile(changed, '\nOne more sentence about the ferry timetable was added for the benchmark.\n');
  const [added, addedMs] = await time(() => reindex(true));
  await writeFile(changed, original);
  await reindex(true);
  await writeFile(changed, original.replace(' the ', ' this '));
  const [edited, editedMs] = await time(() => reindex(true));
  await writeFile(changed, original);
  await reindex(true);
  const restarted = thread();
  const [, restartCheckMs] = await time(() => restarted(false));
  await writeFile(changed, original.replace(' the ', ' this '));
  const [afterRestart, afterRestartMs] = await time(() => restarted(true));
  await writeFile(changed, original);
  return {
    passages: built!.data.passages.length,
    notes: built!.notes.notes.length,
    build_ms: round(buildMs),
    passages_per_s: round(built!.data.passages.length / (buildMs / 1000), 0),
    reindex_nochange_ms: round(nochangeMs),
    reindex_one_note_ms: round(addedMs),
    reindex_one_note_embedded: added?.build?.embedded ?? 0,
    reindex_one_note_edit_ms: round(editedMs),
    reindex_one_note_edit_embedded: edited?.build?.embedded ?? 0,
    restart_check_ms: round(restartCheckMs),
    reindex_one_note_after_restart_ms: round(afterRestartMs),
    reindex_one_note_after_restart_embedded: afterRestart?.build?.embedded ?? 0,
    build_rss_mb: rssMb(),
  };
}

const QUESTION_EVERY_MS = 50;

/**
 * Changes every sentence of every note (every passage is embedded again, written, and its arrays
 * built) and times the re-index on the indexing thread, watching this thread's event loop; with
 * questions, one arrives every QUESTION_EVERY_MS meanwhile, as in a busy server.
 */
async function fullReindex(live: LiveIndex, job: Job, withQuestions: boolean) {
  const [from, to] = withQuestions ? ['; ', '. '] : ['. ', '; '];
  for (const file of await readdir(job.notesDir)) {
    if (file.endsWith('.md')) await writeFile(path.join(job.notesDir, file), (await readFile(path.join(job.notesDir, file), 'utf8')).replaceAll(from, to));
  }
  const delay = monitorEventLoopDelay({ resolution: 5 });
  delay.enable();
  const started = performance.now();
  const during: number[] = [];
  let asked = 0;
  const asking = withQuestions
    ? setInterval(() => {
        const t = performance.now();
        void render(live.engine, job.questions[asked++ % job.questions.length]!).then(() => during.push(performance.now() - t));
      }, QUESTION_EVERY_MS)
    : undefined;
  const report = await live.reindex();
  clearInterval(asking);
  delay.disable();
  return {
    ms: round(performance.now() - started),
    embedded: report.embedded,
    p99: round(delay.percentile(99) / 1e6),
    max: round(delay.max / 1e6),
    reply50: round(percentile(during, 50), 2),
    reply95: round(percentile(during, 95), 2),
  };
}

/**
 * A bot's restart: from nothing to the first rendered answer over the stored index, then search
 * and reply latency, and the memory of one engine. The engine is not returned: the bot holds one
 * engine, and the live index below opens its own.
 */
async function restart(job: Job) {
  const t0 = performance.now();
  const [embedder, modelMs] = await time(() => embedderFor(job));
  const [engine, indexMs] = await time(async () => {
    const stored = (await readIndex(job.indexDir))!;
    return openServingEngine(job.indexDir, stored.data, embedder, stored.manifest, silentLog);
  });
  const [, firstMs] = await time(() => render(engine, job.questions[0]!));
  const cold = { cold_start_ms: round(performance.now() - t0), model_load_ms: round(modelMs), index_load_ms: round(indexMs), first_answer_ms: round(firstMs) };
  const search = await latencies(job.questions, (q) => engine.search(q));
  const reply = await latencies(job.questions, (q) => render(engine, q));
  const figures = { ...cold, query_p50_ms: search.p50, query_p95_ms: search.p95, reply_p50_ms: reply.p50, reply_p95_ms: reply.p95, rss_mb: rssMb() };
  return { embedder, figures };
}

/**
 * The serving process: a restart, then, with a model the indexing thread can load (the bundled
 * one), a re-index of every note on that thread while questions keep coming: the answering
 * thread's event-loop delay and question latency meanwhile, and the process's peak memory.
 */
async function serving(job: Job) {
  const { embedder, figures } = await restart(job);
  if (job.dims !== 64) return figures;

  const config = readConfig({}, { NOTES_DIR: job.notesDir, INDEX_DIR: job.indexDir });
  const live = await LiveIndex.start(config, { embedder, source: job.tinyModel }, silentLog);
  await live.reindex();
  const alone = await fullReindex(live, job, false);
  const asked = await fullReindex(live, job, true);
  await live.close();
  return {
    ...figures,
    full_reindex_ms: alone.ms,
    full_reindex_embedded: alone.embedded,
    event_loop_p99_during_reindex_ms: alone.p99,
    event_loop_max_during_reindex_ms: alone.max,
    event_loop_p99_with_questions_ms: asked.p99,
    reply_p50_during_reindex_ms: asked.reply50,
    reply_p95_during_reindex_ms: asked.reply95,
    peak_rss_mb: rssMb(),
  };
}

/** The baseline a user would otherwise pick: Vectra's LocalDocumentIndex over the same notes and model. */
async function vectra(job: Job) {
  // Imported here only: the other measurements are of processes that never load Vectra.
  const { LocalDocumentIndex } = await import('vectra');
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
  const bodies = await Promise.all(notes.map((note) => noteBody(job.notesDir, note.file)));
  const [, buildMs] = await time(async () => {
    await index.createIndex({ version: 1, deleteIfExists: true });
    for (const [i, note] of notes.entries()) await index.upsertDocument(note.url, bodies[i]!, 'md');
  });
  const query = await latencies(job.questions, (q) => index.queryDocuments(q, { maxDocuments: 5 }));
  return { vectra_build_ms: round(buildMs), vectra_query_p50_ms: query.p50, vectra_query_p95_ms: query.p95, vectra_rss_mb: rssMb() };
}

/** A note's Markdown body, which loadNotes lets go once it has cut it into passages. */
async function noteBody(notesDir: string, file: string): Promise<string> {
  const parsed = parseNote(file, await readFile(path.join(notesDir, file), 'utf8'), 'https://dev.heng.lu/');
  if (parsed.kind !== 'note') throw new Error(`${file} no longer loads as a note`);
  return parsed.note.body;
}

const job = JSON.parse(process.argv[2]!) as Job;
const result = job.mode === 'notes-bot' ? await notesBot(job) : job.mode === 'serving' ? await serving(job) : await vectra(job);
process.stdout.write(`${JSON.stringify(result)}\n`);
