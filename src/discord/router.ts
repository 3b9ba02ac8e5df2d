import { randomBytes } from 'node:crypto';
import { DiscordAPIError, MessageFlags, RESTJSONErrorCodes, type Interaction, type RepliableInteraction } from 'discord.js';
import type { BotContext } from './context.js';
import type { Command } from './commands/command.js';
import { notice } from './render.js';

function isExpired(error: unknown): boolean {
  return error instanceof DiscordAPIError && error.code === RESTJSONErrorCodes.UnknownInteraction;
}

function describe(interaction: Interaction): string {
  if (interaction.isCommand() || interaction.isAutocomplete()) return interaction.commandName;
  if (interaction.isMessageComponent()) return `button ${interaction.customId}`;
  return `interaction type ${interaction.type}`;
}

/**
 * Routes each interaction to its handler. Nothing a handler throws reaches the process: it
 * is logged with a request id and the user gets a short apology carrying that id.
 */
export function createRouter(commands: readonly Command[], ctx: BotContext): (interaction: Interaction) => Promise<void> {
  const byName = new Map(commands.map((c) => [c.data.name, c]));
  const buttons = new Map(commands.flatMap((c) => (c.buttons ?? []).map((b) => [b.prefix, b] as const)));

  /** Refuses a search that comes too soon after the user's last one; true when it did. */
  const coolingDown = async (interaction: RepliableInteraction, applies: boolean): Promise<boolean> => {
    const wait = applies ? ctx.cooldown.take(interaction.user.id) : 0;
    if (wait > 0) await interaction.reply({ ...notice(`You're asking quickly: try again in ${wait}s.`), flags: MessageFlags.Ephemeral });
    return wait > 0;
  };

  const route = async (interaction: Interaction): Promise<void> => {
    if (interaction.isAutocomplete()) {
      await byName.get(interaction.commandName)?.autocomplete?.(interaction, ctx);
    } else if (interaction.isChatInputCommand() || interaction.isMessageContextMenuCommand()) {
      const command = byName.get(interaction.commandName);
      if (!command) return void (await interaction.reply({ ...notice('That command is not known here any more.'), flags: MessageFlags.Ephemeral }));
      if (await coolingDown(interaction, command.cooldown)) return;
      await command.execute(interaction, ctx);
    } else if (interaction.isButton()) {
      const [prefix, ...args] = interaction.customId.split(':');
      const handler = buttons.get(prefix ?? '');
      if (!handler) {
        return void (await interaction.reply({ ...notice('That button is no longer active. Run the command again.'), flags: MessageFlags.Ephemeral }));
      }
      if (await coolingDown(interaction, handler.cooldown)) return;
      await handler.handle(interaction, args, ctx);
    }
  };

  return async (interaction) => {
    const started = Date.now();
    try {
      await route(interaction);
      ctx.log.debug('handled', { interaction: describe(interaction), ms: Date.now() - started });
    } catch (error) {
      if (isExpired(error)) {
        ctx.log.warn('interaction expired before it was answered', { interaction: describe(interaction), err: error });
        return;
      }
      const requestId = randomBytes(4).toString('hex');
      ctx.log.error('handler failed', { requestId, interaction: describe(interaction), user: interaction.user.id, err: error });
      if (!interaction.isRepliable()) return;
      const apology = notice(`Sorry, something went wrong on my side. If it keeps happening, mention request id \`${requestId}\`.`);
      try {
        if (interaction.deferred || interaction.replied) await interaction.followUp({ ...apology, flags: MessageFlags.Ephemeral });
        else await interaction.reply({ ...apology, flags: MessageFlags.Ephemeral });
      } catch (replyError) {
        ctx.log.warn('could not send the apology', { requestId, err: replyError });
      }
    }
  };
}
