import { Client, Events, GatewayIntentBits, Options, Status } from 'discord.js';
import type { BotConfig } from '../config.js';
import { COMMANDS } from './commands/index.js';
import type { BotContext } from './context.js';
import { FEEDBACK_BUTTONS, FEEDBACK_MODALS } from './feedback.js';
import { NO_MENTIONS } from './limits.js';
import { createRouter } from './router.js';

/**
 * Close codes after which reconnecting cannot help (Discord's list; discord.js stops there too),
 * with what the person running the bot should do.
 */
const FATAL_CLOSE_CODES: Record<number, string> = {
  4004: 'authentication failed: DISCORD_TOKEN is wrong or was reset; copy the token again from the developer portal (Bot › Reset Token)',
  4010: 'invalid shard',
  4011: 'sharding required: the bot is in more servers than one connection may serve',
  4012: 'invalid API version',
  4013: 'invalid intents',
  4014: 'disallowed intents: the bot asked for a privileged intent the developer portal does not grant it',
};

/** Discord closed the gateway for good: the process should stop and say why. */
export class GatewayClosedError extends Error {
  constructor(readonly code: number) {
    super(`Discord closed the gateway with code ${code} (${FATAL_CLOSE_CODES[code] ?? 'not recoverable'}); reconnecting cannot help`);
  }
}

export interface RunningBot {
  client: Client<true>;
  /** The gateway's real state: "ready" only while every shard is; else the first shard's state that is not. */
  gateway(): string;
  /** Closes the gateway connection; resolves when it is closed. */
  stop(): Promise<void>;
}

const statusName = (status: Status) => (Status[status] ?? 'unknown').toLowerCase();

/**
 * Connects to Discord with the Guilds intent only: slash commands and the message menu bring
 * their own data, so no privileged intent is needed. Resolves once the bot is ready; rejects with
 * GatewayClosedError when Discord refuses it for good before that. A fatal close afterwards
 * calls onFatal: the caller stops the process rather than look alive while deaf.
 */
export async function startBot(
  config: Pick<BotConfig, 'token' | 'apiUrl' | 'guildId'>,
  ctx: BotContext,
  onFatal: (error: GatewayClosedError) => void,
): Promise<RunningBot> {
  const client = new Client({
    intents: [GatewayIntentBits.Guilds],
    rest: {
      // The REST base; the gateway address comes from GET /gateway/bot there.
      api: config.apiUrl,
      // Interaction endpoints, nearly all this bot's REST traffic, are exempt from Discord's global
      // limit of 50 requests a second; discord.js counts webhook edits against it all the same,
      // which capped answers at 50 a second under load.
      globalRequestsPerSecond: 500,
    },
    allowedMentions: NO_MENTIONS,
    // Every interaction brings the user and member who acted, and answers are edited through the
    // interaction's token: nothing here needs them kept. By default discord.js kept every person
    // who ever asked, with no bound, and the last 200 of the bot's answers in each channel.
    makeCache: Options.cacheWithLimits({
      MessageManager: 0,
      UserManager: { maxSize: 0, keepOverLimit: (user) => user.id === user.client.user?.id },
      GuildMemberManager: { maxSize: 0, keepOverLimit: (member) => member.id === member.client.user?.id },
    }),
  });
  const route = createRouter(COMMANDS, ctx, { buttons: FEEDBACK_BUTTONS, modals: FEEDBACK_MODALS });
  client.on(Events.InteractionCreate, (interaction) => void route(interaction));
  client.on(Events.Error, (error) => ctx.log.error('discord client error', { err: error }));
  client.on(Events.ShardReconnecting, (shard) => ctx.log.warn('gateway disconnected; reconnecting', { shard }));

  let isReady = false;
  let refused!: (error: GatewayClosedError) => void;
  const closedBeforeReady = new Promise<never>((_, reject) => (refused = reject));
  // discord.js emits this only for the close codes it will not reconnect after.
  client.on(Events.ShardDisconnect, (event) => {
    const error = new GatewayClosedError(event.code);
    if (isReady) onFatal(error);
    else refused(error);
  });

  const ready = new Promise<Client<true>>((resolve) => client.once(Events.ClientReady, resolve));
  let readyClient: Client<true>;
  try {
    await Promise.race([client.login(config.token), closedBeforeReady]);
    readyClient = await Promise.race([ready, closedBeforeReady]);
  } catch (error) {
    await client.destroy();
    throw error;
  }
  isReady = true;
  ctx.log.info('bot ready', { user: readyClient.user.tag, guilds: readyClient.guilds.cache.size });
  // The registered commands' ids make /help's command names clickable; without them it names them.
  readyClient.application.commands.fetch(config.guildId ? { guildId: config.guildId } : {}).then(
    (commands) => commands.forEach((c) => ctx.commandIds.set(c.name, c.id)),
    (error: unknown) => ctx.log.warn('could not read the registered commands: /help names them without links', { err: error }),
  );
  return {
    client: readyClient,
    gateway: () => {
      const shards = [...client.ws.shards.values()];
      if (shards.length === 0) return 'not connected';
      return statusName(shards.find((s) => s.status !== Status.Ready)?.status ?? Status.Ready);
    },
    stop: async () => {
      await client.destroy();
    },
  };
}
