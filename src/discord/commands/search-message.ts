import { ApplicationCommandType } from 'discord.js';
import { MAX_MESSAGE_CHARS } from '../../answer/question.js';
import { ask } from '../ask-flow.js';
import { en, localizations, messagesFor } from '../i18n/index.js';
import { replyPrivately } from '../respond.js';
import { messageCommand } from './command.js';

/**
 * Message menu › Apps › Search notes: the ask flow on a message's whole text (up to Discord's
 * 4,000 characters, never cut), privately; the answer links to the message rather than echo it.
 */
export const searchMessageCommand = messageCommand({
  data: { type: ApplicationCommandType.Message, name: en.commands.searchMessage.name, name_localizations: localizations((c) => c.commands.searchMessage.name) },
  cooldown: true,
  async execute(interaction, ctx) {
    const message = interaction.targetMessage;
    if (!message.content.trim()) return replyPrivately(interaction, messagesFor(interaction.locale).messageHasNoText);
    await ask(interaction, ctx, message.content, { command: 'search-message', isPublic: false, max: MAX_MESSAGE_CHARS, messageLink: message.url });
  },
});
