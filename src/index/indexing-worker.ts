/**
 * The indexing thread (worker_threads): loads the notes, embeds what changed, writes the new
 * generation and builds the engine's arrays, so that the answering thread never does any of it.
 * It keeps the notes cache between runs, so an unchanged file is not read again, and loads its
 * own copy of the model only when a passage must be embedded. Started by IndexingThread.
 */
import { watch } from 'chokidar';
import { parentPort, workerData } from 'node:worker_threads';
import { lowerThreadPriority } from '../threads/priority.js';
import { MODEL_THREADS } from '../threads/onnx-runtime.js';
import { NativeWork } from '../threads/stop.js';
import type { Config } from '../config.js';
import { transformersLoader, type Embedder } from '../embed/embedder.js';
import type { Log, LogFields } from '../log/log.js';
import type { NotesCache } from '../notes/load.js';
import type { EngineData } from '../search/engine.js';
import { heldIndexUpdates } from './index-notes.js';
import type { FromWorker, ModelRef, ToWorker } from './indexing-protocol.js';

const { config, model } = workerData as { config: Config; model?: ModelRef };
const port = parentPort!;
const send = (message: FromWorker, transfer: ArrayBuffer[] = []) => port.postMessage(message, transfer);

const log: Log = Object.fromEntries(
  (['debug', 'info', 'warn', 'error'] as const).map((level) => [level, (message: string, fields?: LogFields) => send({ type: 'log', level, message, fields })]),
) as unknown as Log;

/**
 * Indexing is background work: when both want a core, the answering thread (and the sockets it
 * serves) should have it, and the embedding thread (nicer by 5) before this one.
 */
try {
  lowerThreadPriority(10);
} catch (error) {
  log.debug('the indexing thread runs at the process priority', { err: error });
}

/** Loading and running the model: a stop waits for the call in progress and refuses the next. */
const work = new NativeWork();

/** The model the answering thread chose, loaded here on first use: a run with nothing new to embed never loads it. */
function lazyEmbedder(ref: ModelRef): Embedder {
  let loading: Promise<Embedder> | undefined;
  return {
    model: ref.model,
    dimensions: ref.dimensions,
    embed: (texts, kind) => work.run(async () => (await (loading ??= transformersLoader(config, MODEL_THREADS)(ref.source))).embed(texts, kind)),
  };
}

const embedder = model && lazyEmbedder(model);
const cache: NotesCache = new Map();
/** The version the answering thread got from this thread last: its notes are what the cache holds. */
let delivered: string | undefined;
let runs = 0;
/** Each run builds on the vectors the last one built; the answering thread gets a copy of them (movable). */
const update = heldIndexUpdates(config, embedder, { log, cache });

/**
 * The record with its typed arrays made movable, each buffer listed in `transfer`. An array on
 * shared memory (a keyword segment, which this thread keeps for its next builds) goes as it is,
 * without a copy. An array that is the whole of its buffer is moved, unless this thread keeps it
 * (`kept`); any other, such as a view into the block of a file read from disk, is copied into a
 * buffer of its own. A copy of everything was 250 MB at 100,000 × 384, made anew, page by page,
 * at every re-index.
 */
function movableArrays<T extends object>(record: T, transfer: ArrayBuffer[], kept: ReadonlySet<unknown>): T {
  const entries = Object.entries(record).map(([key, value]: [string, unknown]) => {
    if (!(value instanceof Int32Array || value instanceof Float32Array) || value.buffer instanceof SharedArrayBuffer) return [key, value];
    const whole = value.byteOffset === 0 && value.byteLength === value.buffer.byteLength && value.buffer instanceof ArrayBuffer;
    const moved = whole && !kept.has(value) && !transfer.includes(value.buffer) ? value : value.slice();
    transfer.push(moved.buffer as ArrayBuffer);
    return [key, moved];
  });
  return Object.fromEntries(entries) as T;
}

/**
 * The arrays to move to the answering thread, without the passages (those go in slices). The
 * vectors are copied: the next run builds on them.
 */
function movable(data: EngineData): { data: EngineData; transfer: ArrayBuffer[] } {
  const transfer: ArrayBuffer[] = [];
  const kept = new Set([data.vectors]);
  const segments = data.lexical.segments.map((s) => ({ ...movableArrays(s, transfer, kept), bm25: movableArrays(s.bm25, transfer, kept) }));
  const lexical = { ...movableArrays(data.lexical, transfer, kept), segments };
  return { data: { ...movableArrays(data, transfer, kept), passages: [], lexical }, transfer };
}

/** Passages go over in slices: the answering thread decodes each between questions, never all at once. */
const PASSAGES_PER_MESSAGE = 500;

async function run({ serving }: Extract<ToWorker, { type: 'run' }>): Promise<void> {
  const updated = await update(serving !== undefined && serving === delivered);
  if (!updated) return send({ type: 'unchanged' });
  const { data, notes, build } = updated;
  const version = build && build.index.generation !== 'unsaved' ? build.index.generation : `memory-${++runs}`;
  if (build?.upToDate && version === serving) {
    delivered = version;
    return send({ type: 'unchanged' });
  }
  for (let i = 0; i < data.passages.length; i += PASSAGES_PER_MESSAGE) send({ type: 'passages', passages: data.passages.slice(i, i + PASSAGES_PER_MESSAGE) });
  const { data: arrays, transfer } = movable(data);
  send(
    {
      type: 'done',
      version,
      data: arrays,
      notes: notes.notes,
      ...(build ? { manifest: build.index.manifest } : {}),
      broken: notes.broken,
      embedded: build?.embedded ?? 0,
      removed: build?.removed ?? 0,
      upToDate: build?.upToDate ?? false,
    },
    transfer,
  );
  delivered = version;
}

/**
 * Watches the notes folder here rather than on the answering thread: chokidar's first scan stats
 * every file, 0.3 s of CPU for 1,300 notes and 1.5 s for 12,500, which delayed the bot's start
 * and would compete with its first questions.
 */
function watchNotes(): void {
  const watcher = watch(config.notesDir, {
    ignoreInitial: true,
    ignored: (file, stats) => Boolean(stats?.isFile() && !file.toLowerCase().endsWith('.md')),
  });
  watcher.on('all', () => send({ type: 'changed' }));
  watcher.on('error', (error) => log.warn(`watching the notes folder: ${(error as Error).message}`));
  watcher.once('ready', () => send({ type: 'watching' }));
}

port.on('message', (message: ToWorker) => {
  if (message.type === 'watch') return watchNotes();
  if (message.type === 'stop') return void work.stop().then(() => send({ type: 'stopped' }));
  run(message).catch((error: unknown) => {
    // The cache may now hold files the answering thread never got: the next run checks them all.
    delivered = undefined;
    send({ type: 'failed', message: (error as Error).message, stack: (error as Error).stack });
  });
});
