import { Command, Option } from 'commander';
import { SingleBar } from 'cli-progress';
import { ConfigError, readConfig, type Config } from '../config.js';

export interface PathFlags {
  notes?: string;
  index?: string;
  model?: string;
}

/** The flags every command shares; each overrides its environment variable. */
export function withPathFlags(command: Command): Command {
  return command
    .addOption(new Option('--notes <dir>', 'folder of Markdown notes').env('NOTES_DIR'))
    .addOption(new Option('--index <dir>', 'folder of the index').env('INDEX_DIR'))
    .addOption(new Option('--model <id-or-path>', 'embedding model: a Hugging Face id or a local folder').env('EMBEDDING_MODEL'));
}

export function configFrom(flags: PathFlags): Config {
  return readConfig(process.env, { NOTES_DIR: flags.notes, INDEX_DIR: flags.index, EMBEDDING_MODEL: flags.model });
}

/** A progress bar on stderr when it is a terminal; nothing when piped or in CI. Starts again when what it counts changes. */
export function progressBar(label: string): { update: (done: number, total: number, what?: string) => void; stop: () => void } {
  if (!process.stderr.isTTY) return { update: () => {}, stop: () => {} };
  const bar = new SingleBar({ format: `${label} [{bar}] {value}/{total} {what}`, stream: process.stderr, hideCursor: true });
  let counting: string | undefined;
  return {
    update(done, total, what = 'passages') {
      if (total === 0) return;
      if (counting !== what) {
        if (counting !== undefined) bar.stop();
        bar.start(total, done, { what });
        counting = what;
      } else bar.update(done);
    },
    stop: () => counting !== undefined && bar.stop(),
  };
}

/** Runs a command's body; a bad setting exits 2 with its message, any other failure 1. */
export async function run(main: () => Promise<void>): Promise<void> {
  try {
    await main();
  } catch (error) {
    process.stderr.write(`error: ${(error as Error).message}\n`);
    process.exitCode = error instanceof ConfigError ? 2 : 1;
  }
}
