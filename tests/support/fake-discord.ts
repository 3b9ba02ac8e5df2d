/**
 * A fake Discord on 127.0.0.1 for end-to-end tests: the REST API under /api/v10 and a
 * gateway over WebSocket, enough for the real discord.js client to connect, receive
 * interactions and answer them. It records every request so that tests assert on what
 * Discord would have received.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

export const APP_ID = '111111111111111111';
export const GUILD_ID = '222222222222222222';
export const CHANNEL_ID = '333333333333333333';
export const BOT_USER_ID = APP_ID;

export interface RecordedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  body: any;
  /** Milliseconds since the fake started. */
  at: number;
}

export interface User {
  id: string;
  username: string;
  /** Discord's locale of the person acting (default en-US). */
  locale?: string;
  /** Their permissions in the server, as Discord's bit field (default: a member without Manage Server). */
  permissions?: string;
}

/** The permissions of a server manager: everything a member has, and Manage Server. */
export const MANAGER_PERMISSIONS = (1071698660929n | (1n << 5n)).toString();

let snowflake = 100000000000000000n;
export function nextId(): string {
  snowflake += 1n;
  return snowflake.toString();
}

type Json = Record<string, any>;

const BOT_AUTHOR = { id: BOT_USER_ID, username: 'notes-bot', discriminator: '0', global_name: null, avatar: null, bot: true };

/** A message object as Discord returns it; `fields` fills in what differs. */
function messagePayload(fields: Json = {}): Json {
  return {
    id: nextId(),
    channel_id: CHANNEL_ID,
    type: 20,
    content: '',
    embeds: [],
    components: [],
    attachments: [],
    mentions: [],
    mention_roles: [],
    mention_everyone: false,
    pinned: false,
    tts: false,
    timestamp: new Date().toISOString(),
    edited_timestamp: null,
    flags: 0,
    author: BOT_AUTHOR,
    ...fields,
  };
}

export class FakeDiscord {
  readonly requests: RecordedRequest[] = [];
  readonly gatewayFrames: Json[] = [];
  readonly closes: number[] = [];
  private server!: Server;
  private wss!: WebSocketServer;
  private sockets = new Set<WebSocket>();
  private seq = 0;
  private readonly started = Date.now();
  /** Interaction ids whose callback answers 404 Unknown interaction, as if it had expired. */
  readonly expired = new Set<string>();
  /** Closes the gateway with this code instead of sending READY (4004: a bad token). */
  identifyCloseCode?: number;
  /** While true the gateway is down: new connections are dropped at once (an outage). */
  gatewayDown = false;
  /** The commands as last registered (PUT), with the ids Discord gave them. */
  commands: Json[] = [];
  /** Answers REST requests it matches with an error, as Discord does when a request is refused. */
  restError?: (method: string, path: string) => { status: number; json: unknown } | undefined;
  private listeners: (() => void)[] = [];

  get apiUrl(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/api`;
  }

  get gatewayUrl(): string {
    return `ws://127.0.0.1:${(this.server.address() as AddressInfo).port}/gateway`;
  }

  get connected(): number {
    return this.sockets.size;
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res));
    this.wss = new WebSocketServer({ server: this.server, path: '/gateway' });
    this.wss.on('connection', (socket) => this.onConnection(socket));
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return this;
  }

  async stop(): Promise<void> {
    for (const s of this.sockets) s.terminate();
    this.wss.close();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  // --- REST -------------------------------------------------------------------------------

  private record(entry: RecordedRequest): void {
    this.requests.push(entry);
    for (const notify of this.listeners) notify();
    for (const watcher of this.watchers) watcher(entry);
  }

  private watchers: ((request: RecordedRequest) => void)[] = [];

  /** Calls `watcher` with every request from now on, as it arrives (for load measurements). */
  subscribe(watcher: (request: RecordedRequest) => void): void {
    this.watchers.push(watcher);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    let body: any = raw;
    if ((req.headers['content-type'] ?? '').includes('application/json') && raw) body = JSON.parse(raw);
    else if ((req.headers['content-type'] ?? '').includes('multipart/form-data')) {
      const json = /name="payload_json"[^]*?\r\n\r\n([^]*?)\r\n--/.exec(raw);
      body = json ? JSON.parse(json[1]!) : raw;
    }
    const path = decodeURIComponent(url.pathname).replace(/^\/api\/v\d+/, '');
    const method = req.method ?? 'GET';
    const send = (status: number, json?: unknown) => {
      res.writeHead(status, json === undefined ? {} : { 'content-type': 'application/json' });
      res.end(json === undefined ? undefined : JSON.stringify(json));
    };

    const refused = this.restError?.(method, path);
    if (refused) {
      this.record({ method, path, query: url.searchParams, body, at: Date.now() - this.started });
      return send(refused.status, refused.json);
    }
    if (method === 'GET' && path === '/gateway/bot') {
      send(200, { url: this.gatewayUrl, shards: 1, session_start_limit: { total: 1000, remaining: 999, reset_after: 0, max_concurrency: 1 } });
      return;
    }
    this.record({ method, path, query: url.searchParams, body, at: Date.now() - this.started });

    let m: RegExpExecArray | null;
    if (method === 'POST' && (m = /^\/interactions\/(\d+)\/[^/]+\/callback$/.exec(path))) {
      if (this.expired.has(m[1]!)) return send(404, { message: 'Unknown interaction', code: 10062 });
      return send(204);
    }
    if ((method === 'PATCH' || method === 'GET') && /^\/webhooks\/\d+\/[^/]+\/messages\/(@original|\d+)$/.test(path)) {
      return send(200, this.message(method === 'PATCH' ? body : {}));
    }
    if (method === 'POST' && /^\/webhooks\/\d+\/[^/]+$/.test(path)) return send(200, this.message(body));
    if (method === 'DELETE' && /^\/webhooks\//.test(path)) return send(204);
    if (method === 'PUT' && /^\/applications\/\d+(\/guilds\/\d+)?\/commands$/.test(path)) {
      this.commands = (body as Json[]).map((c) => ({ ...c, id: nextId(), application_id: APP_ID, version: nextId() }));
      return send(200, this.commands);
    }
    if (method === 'GET' && /^\/applications\/\d+(\/guilds\/\d+)?\/commands$/.test(path)) return send(200, this.commands);
    send(404, { message: `the fake Discord has no route for ${method} ${path}`, code: 0 });
  }

  private message(body: Json): Json {
    return messagePayload({
      content: body.content ?? '',
      embeds: body.embeds ?? [],
      components: body.components ?? [],
      flags: body.flags ?? 0,
      application_id: APP_ID,
      webhook_id: APP_ID,
    });
  }

  // --- Gateway ----------------------------------------------------------------------------

  private sendFrame(socket: WebSocket, frame: Json): void {
    socket.send(JSON.stringify(frame));
  }

  private dispatch(socket: WebSocket, t: string, d: Json): void {
    this.sendFrame(socket, { op: 0, t, s: ++this.seq, d });
  }

  /** Closes every gateway connection with `code`, as Discord does in an outage or a restart. */
  closeGateway(code: number): void {
    for (const s of this.sockets) s.close(code, 'closed by the fake Discord');
  }

  private onConnection(socket: WebSocket): void {
    if (this.gatewayDown) {
      socket.terminate();
      return;
    }
    this.sockets.add(socket);
    socket.on('close', (code) => {
      this.sockets.delete(socket);
      this.closes.push(code);
      for (const notify of this.listeners) notify();
    });
    this.sendFrame(socket, { op: 10, d: { heartbeat_interval: 41_250 } });
    socket.on('message', (data) => {
      const frame = JSON.parse((data as Buffer).toString()) as Json;
      this.gatewayFrames.push(frame);
      for (const notify of this.listeners) notify();
      if (frame.op === 1) this.sendFrame(socket, { op: 11 });
      if (frame.op === 2 && this.identifyCloseCode) socket.close(this.identifyCloseCode, 'closed by the fake Discord');
      else if (frame.op === 2) void this.readyGate.then(() => this.sendReady(socket));
      // A resume after a dropped connection: the session goes on where it was.
      if (frame.op === 6) this.dispatch(socket, 'RESUMED', {});
    });
  }

  private readyGate: Promise<void> = Promise.resolve();

  /** Holds back READY after the next IDENTIFY until the returned function is called. */
  holdReady(): () => void {
    let release!: () => void;
    this.readyGate = new Promise((resolve) => (release = resolve));
    return () => {
      release();
      this.readyGate = Promise.resolve();
    };
  }

  private sendReady(socket: WebSocket): void {
    this.dispatch(socket, 'READY', {
      v: 10,
      user: { ...BOT_AUTHOR, flags: 0 },
      guilds: [{ id: GUILD_ID, unavailable: true }],
      session_id: randomBytes(8).toString('hex'),
      resume_gateway_url: this.gatewayUrl,
      shard: [0, 1],
      application: { id: APP_ID, flags: 0 },
    });
    this.dispatch(socket, 'GUILD_CREATE', {
      id: GUILD_ID,
      name: 'Notes readers',
      icon: null,
      owner_id: '444444444444444444',
      afk_timeout: 300,
      verification_level: 0,
      default_message_notifications: 0,
      explicit_content_filter: 0,
      mfa_level: 0,
      nsfw_level: 0,
      premium_tier: 0,
      preferred_locale: 'en-US',
      features: [],
      roles: [
        {
          id: GUILD_ID,
          name: '@everyone',
          permissions: '1071698660929',
          position: 0,
          color: 0,
          hoist: false,
          managed: false,
          mentionable: false,
          flags: 0,
        },
      ],
      emojis: [],
      stickers: [],
      channels: [{ id: CHANNEL_ID, type: 0, name: 'general', position: 0, permission_overwrites: [], guild_id: GUILD_ID }],
      threads: [],
      members: [],
      voice_states: [],
      presences: [],
      stage_instances: [],
      guild_scheduled_events: [],
      member_count: 2,
      joined_at: new Date().toISOString(),
      large: false,
      unavailable: false,
    });
  }

  /** Sends an interaction to every connected client, as Discord does when someone acts. */
  sendInteraction(d: Json): void {
    for (const socket of this.sockets) this.dispatch(socket, 'INTERACTION_CREATE', d);
  }

  // --- Waiting for what the bot sends ------------------------------------------------------

  /** Resolves when `check` holds, re-checked on every request and gateway event and every 50 ms. */
  waitFor<T>(check: () => T | undefined | false, timeoutMs = 10_000, what = 'the expected request'): Promise<T> {
    return new Promise((resolve, reject) => {
      const attempt = () => {
        const value = check();
        if (value) {
          cleanup();
          resolve(value);
        }
      };
      const poll = setInterval(attempt, 50);
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`timed out waiting for ${what}; requests so far:\n${this.requests.map((r) => `${r.method} ${r.path}`).join('\n')}`));
      }, timeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        clearInterval(poll);
        this.listeners = this.listeners.filter((l) => l !== attempt);
      };
      this.listeners.push(attempt);
      attempt();
    });
  }

  /** The requests made for one interaction: its callback, and edits and follow-ups of its token. */
  requestsFor(interaction: { id: string; token: string }): RecordedRequest[] {
    return this.requests.filter((r) => r.path.includes(`/interactions/${interaction.id}/`) || r.path.includes(`/${interaction.token}`));
  }

  /** Sends an interaction as someone acting would, and returns its callback (the first response). */
  send(i: SentInteraction, timeoutMs = 10_000): Promise<RecordedRequest> {
    this.sendInteraction(i.payload);
    return this.waitFor(() => this.requestsFor(i).find((r) => r.path.endsWith('/callback')), timeoutMs, `the callback of interaction ${i.id}`);
  }

  /** The deferred reply's edit: the answer itself. */
  edited(i: SentInteraction, timeoutMs = 10_000): Promise<RecordedRequest> {
    return this.waitFor(
      () => this.requestsFor(i).find((r) => r.method === 'PATCH' && r.path.endsWith('/messages/@original')),
      timeoutMs,
      `the edit of interaction ${i.id}`,
    );
  }
}

// --- Interaction payloads --------------------------------------------------------------------

export interface SentInteraction {
  id: string;
  token: string;
  payload: Json;
}

function base(type: number, user: User, data: Json, extra: Json = {}): SentInteraction {
  const id = nextId();
  const token = `token-${randomBytes(12).toString('hex')}`;
  return {
    id,
    token,
    payload: {
      id,
      application_id: APP_ID,
      type,
      data,
      guild_id: GUILD_ID,
      channel_id: CHANNEL_ID,
      channel: { id: CHANNEL_ID, type: 0, name: 'general', guild_id: GUILD_ID },
      member: {
        user: { id: user.id, username: user.username, discriminator: '0', global_name: user.username, avatar: null },
        roles: [],
        permissions: user.permissions ?? '1071698660929',
        joined_at: new Date().toISOString(),
        deaf: false,
        mute: false,
        flags: 0,
      },
      token,
      version: 1,
      app_permissions: '1071698660929',
      locale: user.locale ?? 'en-US',
      guild_locale: 'en-US',
      entitlements: [],
      authorizing_integration_owners: { '0': GUILD_ID },
      context: 0,
      attachment_size_limit: 8388608,
      ...extra,
    },
  };
}

type Option = { name: string; type: number; value: string | boolean; focused?: boolean };

export function slashCommand(user: User, name: string, options: Option[] = []): SentInteraction {
  return base(2, user, { id: nextId(), name, type: 1, options, guild_id: GUILD_ID });
}

export function autocomplete(user: User, name: string, options: Option[]): SentInteraction {
  return base(4, user, { id: nextId(), name, type: 1, options, guild_id: GUILD_ID });
}

/** Someone submits a modal the bot showed them, with the values of its text inputs by custom id. */
export function modalSubmit(user: User, customId: string, values: Record<string, string>): SentInteraction {
  const components = Object.entries(values).map(([id, value]) => ({ type: 1, components: [{ type: 4, custom_id: id, value }] }));
  return base(5, user, { custom_id: customId, components });
}

export function buttonClick(user: User, customId: string, message: { content?: string; flags?: number; components?: Json[] } = {}): SentInteraction {
  return base(3, user, { custom_id: customId, component_type: 2 }, { message: messagePayload(message) });
}

export function messageMenu(user: User, name: string, content: string): SentInteraction {
  const target = nextId();
  return base(2, user, {
    id: nextId(),
    name,
    type: 3,
    target_id: target,
    guild_id: GUILD_ID,
    resolved: {
      messages: {
        [target]: messagePayload({
          id: target,
          type: 0,
          content,
          author: { id: '555555555555555555', username: 'someone', discriminator: '0', global_name: 'Someone', avatar: null },
        }),
      },
    },
  });
}
