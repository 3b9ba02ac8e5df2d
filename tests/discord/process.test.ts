import { execFile, spawn } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMAND_DEFINITIONS } from '../../src/discord/commands/index.js';
import { APP_ID, FakeDiscord, GUILD_ID } from '../support/fake-discord.js';
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
    ...extra,
  };
}

describe('npm run register', () => {
  it('bulk-overwrites the guild commands, the same way every time', async () => {
    const run = () => exec('npm', ['run', '-s', 'register'], { cwd: ROOT, env: botEnv({ DISCORD_GUILD_ID: GUILD_ID }) });
    const first = await run();
    expect(first.stdout).toContain(`Registered 7 commands in server ${GUILD_ID}: ask, quote, claim, notes, Search notes, help, reindex`);
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

  it('loads, connects, reports healthy, and exits 0 on SIGTERM sent to npm', async () => {
    const port = 20000 + Math.floor(Math.random() * 20000);
    const child = spawn('npm', ['start', '-s'], { cwd: ROOT, env: botEnv({ INDEX_DIR: await tempDir(), HEALTH_PORT: String(port) }) });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));

    const connectedBefore = fake.gatewayFrames.filter((f) => f.op === 2).length;
    await fake.waitFor(() => fake.gatewayFrames.filter((f) => f.op === 2).length > connectedBefore, 60_000, 'the bot to identify');
    let status = 0;
    for (let i = 0; i < 100 && status !== 200; i++) {
      status = await fetch(`http://127.0.0.1:${port}/health`).then(
        (r) => r.status,
        () => 0,
      );
      if (status !== 200) await new Promise((r) => setTimeout(r, 100));
    }
    expect(status).toBe(200);

    const socketsBefore = fake.closes.length;
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(fake.closes.length).toBeGreaterThan(socketsBefore);
    expect(output).not.toMatch(/error/i);
  });
});
