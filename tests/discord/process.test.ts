import { execFile, spawn } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMAND_DEFINITIONS } from '../../src/discord/commands/index.js';
import { APP_ID, FakeDiscord, GUILD_ID, nextId, slashCommand } from '../support/fake-discord.js';
import { BOT_ENV } from '../../scripts/lib/process-env.js';
import { CORPUS, ROOT, TINY_MODEL, tempDir } from '../support/paths.js';

const exec = promisify(execFile);

let fake: FakeDiscord;
beforeAll(async () => {
  fake = await new FakeDiscord().start();
});
afterAll(async () => {
  await fake.stop();
});

function botEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    ...process.env,
    DISCORD_TOKEN: 'fake-token',
    DISCORD_CLIENT_ID: APP_ID,
    DISCORD_API_URL: fake.apiUrl,
    EMBEDDING_MODEL: TINY_MODEL,
    NOTES_DIR: CORPUS,
    LOG_LEVEL: 'warn',
    QUESTION_LOG_FILE: path.join(os.tmpdir(), `notes-bot-questions-${process.pid}.db`),
    ...extra,
  };
}

describe('npm run register', () => {
  it('bulk-overwrites the guild commands, the same way every time', async () => {
    const run = () => exec('npm', ['run', '-s', 'register'], { cwd: ROOT, env: botEnv({ DISCORD_GUILD_ID: GUILD_ID }) });
    const first = await run();
    expect(first.stdout).toContain(`Registered 8 commands in server ${GUILD_ID}: ask, quote, claim, notes, Search notes, help, reindex, report`);
    await run();
    const puts = fake.requests.filter((r) => r.method === 'PUT' && r.path === `/applications/${APP_ID}/guilds/${GUILD_ID}/commands`);
    expect(puts).toHaveLength(2);
    expect(puts[0]!.body).toEqual(COMMAND_DEFINITIONS);
    expect(puts[1]!.body).toEqual(puts[0]!.body);
  });

  it('registers globally without DISCORD_GUILD_ID', async () => {
    const { stdout } = await exec('npm', ['run', '-s', 'register'], { cwd: ROOT, env: botEnv() });
    expect(stdout).toContain('globally');
    expect(fake.requests.some((r) => r.method === 'PUT' && r.path === `/applications/${APP_ID}/commands`)).toBe(true);
  });
});

describe('npm start', () => {
  it('without DISCORD_TOKEN exits, saying what to set and where the README explains it', async () => {
    const error = await exec('npm', ['start', '-s'], { cwd: ROOT, env: { ...botEnv(), DISCORD_TOKEN: '' } }).catch((e: { code: number; stderr: string }) => e);
    expect((error as { code: number }).code).toBe(2);
    expect((error as { stderr: string }).stderr).toContain('DISCORD_TOKEN: not set');
    expect((error as { stderr: string }).stderr).toContain('README.md, "Running the Discord bot"');
  });

  it('runs the compiled bot: node on dist/, no TypeScript transpiler at run time', async () => {
    const pkg = JSON.parse(await readFile(path.join(ROOT, 'package.json'), 'utf8'));
    // Through env, with two malloc heaps as the image and the benchmarks (scripts/lib/process-env.ts says why).
    const [, entry] = new RegExp(`^exec env MALLOC_ARENA_MAX=${BOT_ENV.MALLOC_ARENA_MAX} node (dist/\\S+\\.js)$`).exec(pkg.scripts.start) ?? [];
    expect(entry, pkg.scripts.start).toBeDefined();
    expect(pkg.scripts.prestart).toBe('npm run -s build');
    // tsx is for development: a production install (npm ci --omit=dev) does not have it.
    expect(pkg.dependencies.tsx).toBeUndefined();
    const compiled = await readdir(path.join(ROOT, 'dist'), { recursive: true });
    expect(compiled).toContain(entry!.slice('dist/'.length));
    for (const file of compiled.filter((f) => f.endsWith('.js'))) {
      expect(await readFile(path.join(ROOT, 'dist', file), 'utf8'), file).not.toMatch(/from ['"]tsx|\.ts['"]/);
    }
  });

  it('is alive at once, ready only once the index is loaded and the gateway ready, answers /ask, and exits 0 on SIGTERM sent to npm', async () => {
    const port = 20000 + Math.floor(Math.random() * 20000);
    const release = fake.holdReady();
    const child = spawn('npm', ['start', '-s'], { cwd: ROOT, env: botEnv({ INDEX_DIR: await tempDir(), HEALTH_PORT: String(port) }) });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    const get = (endpoint: string) =>
      fetch(`http://127.0.0.1:${port}${endpoint}`).then(
        async (r) => ({ status: r.status, body: (await r.json()) as { ready: boolean; loaded: boolean; gateway: string } }),
        () => undefined,
      );

    const identified = fake.gatewayFrames.filter((f) => f.op === 2).length;
    await fake.waitFor(() => fake.gatewayFrames.filter((f) => f.op === 2).length > identified, 60_000, 'the bot to identify');
    // The index is loaded (the bot connects only after) but the gateway has not sent READY.
    const alive = await get('/health');
    expect(alive).toMatchObject({ status: 200, body: { loaded: true, ready: false } });
    expect(alive!.body.gateway).not.toBe('ready');
    expect(await get('/ready')).toMatchObject({ status: 503, body: { ready: false } });

    release();
    let ready = await get('/ready');
    for (let i = 0; i < 100 && ready?.status !== 200; i++) {
      await new Promise((r) => setTimeout(r, 100));
      ready = await get('/ready');
    }
    expect(ready).toMatchObject({ status: 200, body: { ready: true, loaded: true, gateway: 'ready' } });
    // Where the start went: every step, each timed.
    const steps = (ready!.body as unknown as { startup_ms: Record<string, number> }).startup_ms;
    expect(Object.keys(steps)).toEqual(['modules', 'health', 'model', 'index', 'gateway']);
    for (const ms of Object.values(steps)) expect(ms).toBeGreaterThanOrEqual(0);

    // The compiled bot answers as the in-process one does, with the model it was given.
    const ask = slashCommand({ id: nextId(), username: 'asker' }, 'ask', [{ name: 'question', type: 3, value: 'What fell from 70% to 52%?' }]);
    await fake.send(ask, 30_000);
    const answer = (await fake.edited(ask, 30_000)).body as { embeds: { title: string; description: string }[] };
    expect(answer.embeds[0]!.title).toBe('Holding Periods and the 24-Month Rule');
    expect(answer.embeds[0]!.description).toMatch(/^\*\*In 2024 the average loan-to-value ratio for water-backed loans fell from 70% to 52%/);
    expect(output).not.toMatch(/bundled small model|keyword search only/);

    const socketsBefore = fake.closes.length;
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(fake.closes.length).toBeGreaterThan(socketsBefore);
    expect(output).not.toMatch(/error/i);
  });
});
