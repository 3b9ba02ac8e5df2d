/** Structured details of a log event: a request id, counts, an error under `err`. */
export type LogFields = Record<string, unknown>;

/**
 * Where every part of notes-bot reports what the person running it should know. The CLI writes
 * plain lines to stderr (stderr.ts); the bot writes JSON lines through pino (pino.ts). The core
 * and the importer only see this interface.
 */
export interface Log {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
}

export const silentLog: Log = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };
