/**
 * The bot's entry point: `npm start` and the container run this file with node directly, so
 * SIGINT and SIGTERM reach it and it can close the gateway and exit 0.
 */
import { Status } from 'discord.js';
import { ConfigError, readBotConfig, type BotConfig } from '../config.js';
import { LiveIndex } from '../index/live.js';
import type { NotesCache } from '../notes/load.js';
import { prepare } from '../prepare.js';
import { startBot } from './client.js';
import { Cooldown } from './cooldown.js';
import { startHealthServer } from './health.js';
import { asLog, createLogger } from './logger.js';
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

const log = createLogger(config.logLevel);
process.on('unhandledRejection', (error) => log.error({ err: error }, 'unhandled rejection'));

// Model and index load before the bot says it is ready: the first question is answered at full speed.
const cache: NotesCache = new Map();
const { embedder, ...indexed } = await prepare(config, { log: asLog(log), cache });
const live = new LiveIndex(config, embedder, indexed, asLog(log), cache);
await live.watch(config.reindexDebounceMs);
const bot = await startBot(config, {
  engine: () => live.engine,
  notes: () => live.notes,
  reindex: () => live.reindex(),
  memory: new QuestionMemory(),
  cooldown: new Cooldown(config.cooldownSeconds),
  log,
});
const health = config.healthPort > 0 ? await startHealthServer(config.healthPort, () => bot.client.ws.status === Status.Ready) : undefined;
log.info({ notes: live.notes.length, passages: live.engine.passages.length, mode: live.engine.mode }, 'notes-bot is answering');

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down');
    health?.close();
    Promise.all([live.close(), bot.stop()]).then(
      () => process.exit(0),
      (error: unknown) => {
        log.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  });
}
