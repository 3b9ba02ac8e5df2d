import type { Log, LogFields } from './log.js';
import { redactSecrets } from './redact.js';

function details(fields: LogFields | undefined): string {
  if (!fields) return '';
  const parts = Object.entries(fields).map(([key, value]) => `${key}=${value instanceof Error ? value.message : JSON.stringify(value)}`);
  return parts.length > 0 ? ` (${parts.join(', ')})` : '';
}

/**
 * The CLI's log: plain lines on stderr, so that stdout stays clean for answers and JSON.
 * Debug lines are left out unless asked for.
 */
export function stderrLog({ debug = false, stream = process.stderr }: { debug?: boolean; stream?: NodeJS.WritableStream } = {}): Log {
  const write = (prefix: string) => (message: string, fields?: LogFields) => void stream.write(redactSecrets(`${prefix}${message}${details(fields)}\n`));
  return {
    debug: debug ? write('debug: ') : () => {},
    info: write(''),
    warn: write('warning: '),
    error: write('error: '),
  };
}
