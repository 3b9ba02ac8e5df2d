import { pino, type Logger } from 'pino';
import type { Log } from '../log.js';

/** The bot logs JSON lines to stdout (one event each, with request ids), the way containers collect them. */
export function createLogger(level: string, destination?: NodeJS.WritableStream): Logger {
  return pino({ level, base: { app: 'notes-bot' } }, destination ?? process.stdout);
}

/** The core's small Log interface on top of pino. */
export function asLog(logger: Logger): Log {
  return { info: (m) => logger.info(m), warn: (m) => logger.warn(m) };
}
