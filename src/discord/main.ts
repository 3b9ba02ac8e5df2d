/**
 * The bot's entry point: `npm start` and the container run this file with node directly, so
 * SIGINT and SIGTERM reach it and it can close the gateway and exit 0.
 */
import { ConfigError, readBotConfig, type BotConfig } from '../config.js';
import type { SiteSync } from '../import/sync.js';
import { LiveIndex } from '../index/live.js';
import { pinoLog } from '../log/pino.js';
import { chooseModel } from '../embed/choose-model.js';
import { threadLoader } from '../embed/embedding-thread.js';
import { QuestionLog } from '../questions/store.js';
import { GatewayClosedError, startBot, type RunningBot } from './client.js';
import { Cooldown } from './cooldown.js';
import { startHealthServer } from './health.js';
import { QuestionMemory } from './memory.js';
import { warmUp } from './warm-up.js';

let config: BotConfig;
try {
  config = readBotConfig();
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  process.stderr.write(
    `notes-bot cannot start: ${error.message}\nREADME.md, "Running the Discord bot", explains how to create the application and where to find these values.\n`,
  );
  process.exit(2);
}

const log = pinoLog(config.logLevel);
process.on('unhandledRejection', (error) => log.error('unhandled rejection', { err: error }));

/**
 * How long start-up took, step by step (ms): `modules` from the process's start to this line
 * (Node and every import), then the health server, the model and the index (loaded side by side,
 * both timed from the same moment) and the gateway. /ready and the log say it.
 */
const startup: Record<string, number> = { modules: Math.round(performance.now()) };
let stepStarted = performance.now();
const stepDone = (step: string) => {
  startup[step] = Math.round(performance.now() - stepStarted);
  stepStarted = performance.now();
};

/** What has started so far: the health endpoints and a shutdown during start-up read it. */
const running: { loaded: boolean; bot?: RunningBot; live?: LiveIndex; sync?: SiteSync; questions?: QuestionLog } = { loaded: false };
// Up before the model loads: an orchestrator's probe during start-up gets "alive, not ready".
const health =
  config.healthPort > 0
    ? await startHealthServer({ port: config.healthPort, host: config.healthHost }, () => ({
        loaded: running.loaded,
        gateway: running.bot?.gateway() ?? 'not connected',
        reindexing: running.live?.reindexing ?? false,
        startup,
      }))
    : undefined;

let stopping = false;
/** Closes what is open and exits: 0 when asked to stop, 1 when the bot cannot go on (said on stderr too). */
function shutdown(code: 0 | 1, why: string, error?: unknown): void {
  if (stopping) return;
  stopping = true;
  if (code === 0) log.info('shutting down', { why });
  else {
    log.error(why, { err: error });
    process.stderr.write(`notes-bot stops: ${why}\n`);
  }
  health?.close();
  Promise.all([running.sync?.stop(), running.live?.close(), running.bot?.stop()]).then(
    () => {
      running.questions?.close();
      process.exit(code);
    },
    (closeError: unknown) => {
      log.error('shutdown failed', { err: closeError });
      process.exit(1);
    },
  );
}
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => shutdown(0, signal));

/** The question log, or none: off by the setting, or a file it must not use (said once, the bot answers all the same). */
function openQuestionLog(): QuestionLog | undefined {
  if (!config.questionLog.enabled) return undefined;
  try {
    return QuestionLog.open(config.questionLog.file, { days: config.questionLog.days, log });
  } catch (error) {
    log.error(`the question log is off: ${(error as Error).message}`);
    return undefined;
  }
}

// Model and index load before the bot connects: the first question is answered at full speed.
stepDone('health');
// The model loads while the stored index is read: `model` and `index` both count from here.
const loading = chooseModel(config.embeddingModel, { log, load: threadLoader(config) });
void loading.then(
  () => (startup.model = Math.round(performance.now() - stepStarted)),
  () => undefined, // LiveIndex.start below gets the same failure and stops the start-up with it.
);
const live = await LiveIndex.start(config, loading, log);
stepDone('index');
const { embedder } = await loading;
running.live = live;
// The indexing thread scans the folder beside the start's check of the notes; answering need not
// wait for it. A change made before the scan ends is seen by the next re-index.
const watching = live.watch(config.reindexDebounceMs).then(() => log.debug('watching the notes folder'));
running.loaded = true;
running.questions = openQuestionLog();
const context = {
  questions: running.questions,
  engine: () => live.engine,
  notes: () => live.notes,
  reindex: () => live.reindex(),
  memory: new QuestionMemory(),
  commandIds: new Map<string, string>(),
  cooldown: new Cooldown(config.cooldownSeconds),
  log,
};
try {
  running.bot = await startBot(config, context, (error) => shutdown(1, error.message, error));
  stepDone('gateway');
  const warming = performance.now();
  warmUp(context).then(
    (answered) => log.info('warmed up', { questions: answered, ms: Math.round(performance.now() - warming) }),
    (error: unknown) => log.warn('the warm-up failed: the first questions are answered all the same, a little slower', { err: error }),
  );
  log.info('notes-bot is answering', {
    notes: live.notes.length,
    passages: live.engine.passages.length,
    mode: live.engine.mode,
    model: embedder?.model,
    startup_ms: startup,
  });
  if (config.syncSiteUrl) {
    // What the sync writes into the notes folder, the watcher re-indexes: it starts once watching.
    // Imported only when it is used: the site importer (cheerio, turndown) took 0.8 s of a 3.2 s start.
    const { SiteSync } = await import('../import/sync.js');
    running.sync = new SiteSync({ site: config.syncSiteUrl, outDir: config.notesDir, intervalMs: config.syncIntervalMs, log });
    await watching;
    if (!stopping) running.sync.start();
  }
} catch (error) {
  const tokenRefused = (error as { code?: string }).code === 'TokenInvalid';
  const why = tokenRefused ? 'Discord refused DISCORD_TOKEN: copy the token again from the developer portal (Bot › Reset Token)' : (error as Error).message;
  shutdown(1, error instanceof GatewayClosedError || tokenRefused ? why : `cannot connect to Discord: ${why}`, error);
}
