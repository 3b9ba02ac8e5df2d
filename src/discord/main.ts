/**
 * The bot's entry point: `npm start` and the container run this file with node directly, so
 * SIGINT and SIGTERM reach it and it can close the gateway and exit 0.
 */
import { Status } from 'discord.js';
import { ConfigError, readBotConfig, type BotConfig } from '../config.js';
import { LiveIndex } from '../index/live.js';
import type { NotesCache } from '../notes/load.js';
import { pinoLog } from '../log/pino.js';
import { prepare } from '../prepare.js';
import { startBot, type RunningBot } from './client.js';
import { Cooldown } from './cooldown.js';
import { startHealthServer } from './health.js';
import { QuestionMemory } from './memory.js';

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

/** What has started so far: the health endpoints and a signal during start-up read it. */
const running: { loaded: boolean; bot?: RunningBot; live?: LiveIndex } = { loaded: false };
// Up before the model loads: an orchestrator's probe during start-up gets "alive, not ready".
const health =
  config.healthPort > 0
    ? await startHealthServer({ port: config.healthPort, host: config.healthHost }, () => ({
        loaded: running.loaded,
        gateway: running.bot ? (Status[running.bot.client.ws.status] ?? 'unknown').toLowerCase() : 'not connected',
      }))
    : undefined;

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    log.info('shutting down', { signal });
    health?.close();
    Promise.all([running.live?.close(), running.bot?.stop()]).then(
      () => process.exit(0),
      (error: unknown) => {
        log.error('shutdown failed', { err: error });
        process.exit(1);
      },
    );
  });
}

// Model and index load before the bot connects: the first question is answered at full speed.
const cache: NotesCache = new Map();
const { embedder, ...indexed } = await prepare(config, { log, cache });
const live = new LiveIndex(config, embedder, indexed, log, cache);
running.live = live;
await live.watch(config.reindexDebounceMs);
running.loaded = true;
running.bot = await startBot(config, {
  engine: () => live.engine,
  notes: () => live.notes,
  reindex: () => live.reindex(),
  memory: new QuestionMemory(),
  cooldown: new Cooldown(config.cooldownSeconds),
  log,
});
log.info('notes-bot is answering', { notes: live.notes.length, passages: live.engine.passages.length, mode: live.engine.mode, model: embedder?.model });
