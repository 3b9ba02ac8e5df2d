import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { startHealthServer, type HealthStatus } from '../../src/discord/health.js';
import { BOT_ENV } from '../../scripts/lib/process-env.js';
import { ROOT, TINY_MODEL, tempDir } from '../support/paths.js';

const exec = promisify(execFile);

/** No Docker engine runs here: the Dockerfile is read, and what it runs is run. */
interface Instruction {
  op: string;
  args: string;
  stage: number;
}

async function instructions(): Promise<Instruction[]> {
  const text = (await readFile(path.join(ROOT, 'Dockerfile'), 'utf8')).replace(/\\\n/g, ' ');
  let stage = -1;
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'))
    .map((l) => {
      const [, op, args] = /^(\w+)\s+(.*)$/.exec(l)!;
      if (op!.toUpperCase() === 'FROM') stage++;
      return { op: op!.toUpperCase(), args: args!.trim(), stage };
    });
}

describe('Dockerfile', () => {
  it('is multi-stage on a current LTS Node, installs production dependencies only and runs as non-root', async () => {
    const all = await instructions();
    const image = /ARG NODE_IMAGE=node:(\d+)/.exec(all.map((i) => `${i.op} ${i.args}`).join('\n'));
    expect(Number(image![1]) % 2).toBe(0);
    expect(Number(image![1])).toBeGreaterThanOrEqual(22);
    expect(all.filter((i) => i.op === 'FROM').length).toBeGreaterThanOrEqual(3);
    expect(all.some((i) => i.op === 'RUN' && i.args.includes('npm ci --omit=dev'))).toBe(true);
    const last = Math.max(...all.map((i) => i.stage));
    const final = all.filter((i) => i.stage === last);
    expect(final.find((i) => i.op === 'USER')?.args).toBe('node');
    expect(final.find((i) => i.op === 'ENV' && i.args.includes('ALLOW_MODEL_DOWNLOAD=false'))).toBeDefined();
    expect(final.some((i) => i.op === 'RUN' && i.args.includes('npm'))).toBe(false);
  });

  it('copies only files that exist and that .dockerignore lets through', async () => {
    const ignored = (await readFile(path.join(ROOT, '.dockerignore'), 'utf8')).split('\n').filter(Boolean);
    for (const copy of (await instructions()).filter((i) => i.op === 'COPY' && !i.args.includes('--from'))) {
      const sources = copy.args
        .replace(/--chown=\S+\s+/, '')
        .split(/\s+/)
        .slice(0, -1);
      for (const source of sources) {
        expect(existsSync(path.join(ROOT, source)), source).toBe(true);
        expect(ignored, source).not.toContain(source);
      }
    }
  });

  it('runs the compiled bot with node directly: no transpiler, no npm', async () => {
    const cmd = (await instructions()).filter((i) => i.op === 'CMD').pop()!;
    const argv = JSON.parse(cmd.args) as string[];
    expect(argv).toEqual(['node', 'dist/discord/main.js']);
    // Two malloc heaps, as `npm start` and the benchmarks run it (scripts/lib/process-env.ts says why).
    expect((await instructions()).find((i) => i.op === 'ENV' && i.args === `MALLOC_ARENA_MAX=${BOT_ENV.MALLOC_ARENA_MAX}`)).toBeDefined();
    // The compiled entry point loads its whole module graph with plain node: without a token
    // it gets as far as reading the settings and says what is missing.
    const error = await exec(process.execPath, argv.slice(1), { cwd: ROOT, env: { ...process.env, DISCORD_TOKEN: '' } }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 2, stderr: expect.stringContaining('DISCORD_TOKEN: not set') });
  });

  it('compiles in a stage of its own and ships dist/ and the bundled model, not src/', async () => {
    const all = await instructions();
    const last = Math.max(...all.map((i) => i.stage));
    expect(all.some((i) => i.op === 'RUN' && i.args === 'npm run build')).toBe(true);
    const final = all.filter((i) => i.stage === last && i.op === 'COPY').map((i) => i.args);
    expect(final.some((a) => a.includes('/app/dist ./dist'))).toBe(true);
    expect(final).toContain('models ./models');
    expect(final.some((a) => /^src\b/.test(a))).toBe(false);
  });

  it('builds the index at build time with the command it names', async () => {
    const run = (await instructions()).find((i) => i.op === 'RUN' && i.args.startsWith('node '))!;
    const [cmd, ...args] = run.args.split(/\s+/);
    const index = await tempDir();
    const { stdout } = await exec(cmd === 'node' ? process.execPath : cmd!, args, {
      cwd: ROOT,
      env: { ...process.env, EMBEDDING_MODEL: TINY_MODEL, INDEX_DIR: index, NOTES_DIR: path.join(ROOT, 'notes'), MODEL_CACHE_DIR: await tempDir() },
    });
    expect(stdout).toMatch(/Indexed 3 notes/);
  });

  it('has a HEALTHCHECK that passes only while the bot is ready (index loaded, gateway connected)', async () => {
    const check = (await instructions()).find((i) => i.op === 'HEALTHCHECK')!;
    const argv = JSON.parse(check.args.slice(check.args.indexOf('CMD') + 3).trim()) as string[];
    let status: HealthStatus = { loaded: true, gateway: 'ready', reindexing: false, startup: {} };
    const server = await startHealthServer({ port: 0, host: '127.0.0.1' }, () => status);
    const port = String((server.address() as { port: number }).port);
    const probe = () =>
      exec(process.execPath, argv.slice(1), { env: { ...process.env, HEALTH_PORT: port } }).then(
        () => 0,
        (e: { code: number }) => e.code,
      );
    try {
      expect(await probe()).toBe(0);
      status = { loaded: true, gateway: 'reconnecting', reindexing: false, startup: {} };
      expect(await probe()).toBe(1);
      status = { loaded: false, gateway: 'ready', reindexing: false, startup: {} };
      expect(await probe()).toBe(1);
    } finally {
      server.close();
    }
  });
});
