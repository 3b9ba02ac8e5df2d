import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { ROOT, TINY_MODEL } from './paths.js';

const exec = promisify(execFile);

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs a CLI command as `npm run <command>` does (tsx on src/cli), with the bundled model unless
 * env says otherwise; never throws, so that tests can look at a failure's code and output.
 */
export async function cli(
  command: 'ask' | 'index' | 'import' | 'report',
  args: string[],
  env: Record<string, string> = {},
  options: { prefix?: string[] } = {},
): Promise<Run> {
  const argv = [process.execPath, '--import', 'tsx', path.join(ROOT, `src/cli/${command}.ts`), ...args];
  const [file, ...rest] = [...(options.prefix ?? []), ...argv];
  try {
    const { stdout, stderr } = await exec(file!, rest, {
      cwd: ROOT,
      env: { ...process.env, EMBEDDING_MODEL: TINY_MODEL, NOTES_DIR: '', INDEX_DIR: '', ...env },
      maxBuffer: 1 << 26,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}
