import { randomBytes } from 'node:crypto';
import { DiscordAPIError, RESTJSONErrorCodes, type Interaction, type RepliableInteraction } from 'discord.js';
import type { BotContext } from './context.js';
import type { ButtonHandler, ChatInputCommand, Command, MessageCommand } from './commands/command.js';
import type { ModalHandler } from './feedback.js';
import { messagesFor } from './i18n/index.js';
import { discordRelative } from './render.js';
import { replyPrivately } from './respond.js';

function isExpired(error: unknown): boolean {
  return error instanceof DiscordAPIError && error.code === RESTJSONErrorCodes.UnknownInteraction;
}

function describe(interaction: Interaction): string {
  if (interaction.isCommand() || interaction.isAutocomplete()) return interaction.commandName;
  if (interaction.isMessageComponent()) return `button ${interaction.customId}`;
  if (interaction.isModalSubmit()) return `modal ${interaction.customId}`;
  return 'interaction';
}

/**
 * Routes each interaction to its handler, by kind: a slash command, a message command, an
 * autocomplete, a button. Nothing a handler throws reaches the process: it is logged with a
 * request id and the user gets a short apology carrying that id.
 */
export function createRouter(
  commands: readonly Command[],
  ctx: BotContext,
  extra: { buttons?: ButtonHandler[]; modals?: ModalHandler[] } = {},
): (interaction: Interaction) => Promise<void> {
  const chatInput = new Map(commands.filter((c): c is ChatInputCommand => c.kind === 'chat-input').map((c) => [c.data.name, c]));
  const messageMenu = new Map(commands.filter((c): c is MessageCommand => c.kind === 'message').map((c) => [c.data.name, c]));
  const allButtons = [...commands.flatMap((c) => (c.kind === 'chat-input' ? (c.buttons ?? []) : [])), ...(extra.buttons ?? [])];
  const buttons = new Map(allButtons.map((b) => [b.prefix, b] as const));
  const modals = new Map((extra.modals ?? []).map((m) => [m.prefix, m] as const));

  /** Refuses a search that comes too soon after the user's last one; true when it did. */
  const coolingDown = async (interaction: RepliableInteraction, applies: boolean): Promise<boolean> => {
    const wait = applies ? ctx.cooldown.take(interaction.user.id) : 0;
    if (wait > 0) await replyPrivately(interaction, messagesFor(interaction.locale).cooldown(discordRelative(new Date(Date.now() + wait * 1000))));
    return wait > 0;
  };

  const route = async (interaction: Interaction): Promise<void> => {
    if (interaction.isAutocomplete()) {
      await chatInput.get(interaction.commandName)?.autocomplete?.(interaction, ctx);
    } else if (interaction.isChatInputCommand()) {
      const command = chatInput.get(interaction.commandName);
      if (!command) return replyPrivately(interaction, messagesFor(interaction.locale).unknownCommand);
      if (!(await coolingDown(interaction, command.cooldown))) await command.execute(interaction, ctx);
    } else if (interaction.isMessageContextMenuCommand()) {
      const command = messageMenu.get(interaction.commandName);
      if (!command) return replyPrivately(interaction, messagesFor(interaction.locale).unknownCommand);
      if (!(await coolingDown(interaction, command.cooldown))) await command.execute(interaction, ctx);
    } else if (interaction.isButton()) {
      const [prefix, ...args] = interaction.customId.split(':');
      const handler = buttons.get(prefix ?? '');
      if (!handler) return replyPrivately(interaction, messagesFor(interaction.locale).unknownButton);
      if (!(await coolingDown(interaction, handler.cooldown))) await handler.handle(interaction, args, ctx);
    } else if (interaction.isModalSubmit()) {
      const [prefix, ...args] = interaction.customId.split(':');
      const handler = modals.get(prefix ?? '');
      if (!handler) return replyPrivately(interaction, messagesFor(interaction.locale).unknownButton);
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
      try {
        await replyPrivately(interaction, messagesFor(interaction.locale).apology(requestId));
      } catch (replyError) {
        ctx.log.warn('could not send the apology', { requestId, err: replyError });
      }
    }
  };
}
