import { pino, type Logger } from 'pino';
import type { Log } from './log.js';
import { redactSecrets } from './redact.js';

/**
 * The bot's log: JSON lines on stdout (one event each, with request ids), the way containers
 * collect them. pino stays here; the rest of the code sees the Log interface.
 */
export function pinoLog(level: string, destination: NodeJS.WritableStream = process.stdout): Log {
  // Redacted as the line is written: an error's fields (a DiscordAPIError's url) hold tokens too.
  const logger: Logger = pino({ level, base: { app: 'notes-bot' }, hooks: { streamWrite: redactSecrets } }, destination);
  return {
    debug: (message, fields) => logger.debug(fields ?? {}, message),
    info: (message, fields) => logger.info(fields ?? {}, message),
    warn: (message, fields) => logger.warn(fields ?? {}, message),
    error: (message, fields) => logger.error(fields ?? {}, message),
  };
}
