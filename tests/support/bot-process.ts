import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { APP_ID, type FakeDiscord } from './fake-discord.js';
import { ROOT, TINY_MODEL } from './paths.js';

/** A port nothing listens on now. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export interface Health {
  status: number;
  body: { ready: boolean; loaded: boolean; gateway: string };
}

/**
 * The bot as production runs it (node dist/discord/main.js: the tests' global setup compiled it),
 * in a process of its own, against the fake Discord. Its JSON log lines are kept for assertions.
 */
export class BotProcess {
  readonly logs: Record<string, unknown>[] = [];
  stdout = '';
  stderr = '';
  readonly exited: Promise<number | null>;
  private readonly child: ChildProcess;

  private constructor(
    readonly healthPort: number,
    env: NodeJS.ProcessEnv,
    prefix: string[],
  ) {
    const [file, ...args] = [...prefix, process.execPath, 'dist/discord/main.js'];
    this.child = spawn(file, args, { cwd: ROOT, env });
    this.child.stdout!.on('data', (chunk: Buffer) => {
      this.stdout += chunk.toString();
      const lines = this.stdout.split('\n');
      this.stdout = lines.pop()!;
      for (const line of lines.filter(Boolean)) this.logs.push(JSON.parse(line) as Record<string, unknown>);
    });
    this.child.stderr!.on('data', (chunk: Buffer) => (this.stderr += chunk.toString()));
    this.exited = new Promise((resolve) => this.child.on('exit', resolve));
  }

  static async start(fake: FakeDiscord, env: Record<string, string>, prefix: string[] = []): Promise<BotProcess> {
    const port = await freePort();
    return new BotProcess(
      port,
      {
        ...process.env,
        DISCORD_TOKEN: 'fake-token',
        DISCORD_CLIENT_ID: APP_ID,
        DISCORD_API_URL: fake.apiUrl,
        EMBEDDING_MODEL: TINY_MODEL,
        HEALTH_PORT: String(port),
        LOG_LEVEL: 'info',
        COOLDOWN_SECONDS: '0',
        QUESTION_LOG_FILE: path.join(os.tmpdir(), `notes-bot-questions-${port}.db`),
        ...env,
      },
      prefix,
    );
  }

  async health(endpoint: '/health' | '/ready'): Promise<Health | undefined> {
    return fetch(`http://127.0.0.1:${this.healthPort}${endpoint}`).then(
      async (r) => ({ status: r.status, body: (await r.json()) as Health['body'] }),
      () => undefined,
    );
  }

  /** Polls until check(/health) holds, for up to timeoutMs; returns the last answer. */
  async waitForHealth(check: (h: Health | undefined) => boolean, timeoutMs = 60_000, endpoint: '/health' | '/ready' = '/health'): Promise<Health | undefined> {
    const until = Date.now() + timeoutMs;
    let last = await this.health(endpoint);
    while (!check(last) && Date.now() < until) {
      await new Promise((r) => setTimeout(r, 100));
      last = await this.health(endpoint);
    }
    return last;
  }

  /** Resolves once /ready answers 200; throws with the bot's output when it exits first. */
  async ready(timeoutMs = 60_000): Promise<this> {
    const gone = this.exited.then((code) => {
      throw new Error(`the bot exited with ${code} before it was ready:\n${this.stderr}`);
    });
    await Promise.race([this.waitForHealth((h) => h?.status === 200, timeoutMs, '/ready'), gone]);
    if ((await this.health('/ready'))?.status !== 200) throw new Error(`the bot was not ready within ${timeoutMs} ms:\n${this.stderr}`);
    return this;
  }

  async stop(): Promise<number | null> {
    this.child.kill('SIGTERM');
    return this.exited;
  }
}
