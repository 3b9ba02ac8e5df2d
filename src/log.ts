/** Where the core reports what a person running it should know. */
export interface Log {
  info(message: string): void;
  warn(message: string): void;
}

/** Messages go to stderr so that stdout stays clean for answers and JSON. */
export const stderrLog: Log = {
  info: (message) => process.stderr.write(`${message}\n`),
  warn: (message) => process.stderr.write(`warning: ${message}\n`),
};

export const silentLog: Log = { info: () => {}, warn: () => {} };
