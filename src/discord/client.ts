import { Client, Events, GatewayIntentBits } from 'discord.js';
import type { BotConfig } from '../config.js';
import { COMMANDS } from './commands/index.js';
import type { BotContext } from './context.js';
import { NO_MENTIONS } from './limits.js';
import { createRouter } from './router.js';

export interface RunningBot {
  client: Client<true>;
  /** Closes the gateway connection; resolves when it is closed. */
  stop(): Promise<void>;
}

/**
 * Connects to Discord with the Guilds intent only: slash commands and the message menu bring
 * their own data, so no privileged intent is needed. Resolves once the bot is ready.
 */
export async function startBot(config: Pick<BotConfig, 'token' | 'apiUrl'>, ctx: BotContext): Promise<RunningBot> {
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
  });
  const route = createRouter(COMMANDS, ctx);
  client.on(Events.InteractionCreate, (interaction) => void route(interaction));
  client.on(Events.Error, (error) => ctx.log.error('discord client error', { err: error }));
  client.on(Events.ShardDisconnect, (event) => ctx.log.warn('gateway disconnected', { code: event.code }));

  const ready = new Promise<Client<true>>((resolve) => client.once(Events.ClientReady, resolve));
  await client.login(config.token);
  const readyClient = await ready;
  ctx.log.info('bot ready', { user: readyClient.user.tag, guilds: readyClient.guilds.cache.size });
  return {
    client: readyClient,
    stop: async () => {
      await client.destroy();
    },
  };
}
