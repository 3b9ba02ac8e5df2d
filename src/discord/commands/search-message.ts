import { ApplicationCommandType, MessageFlags } from 'discord.js';
import { MAX_QUESTION_CHARS } from '../../answer/question.js';
import { ask } from '../ask-flow.js';
import { truncate } from '../limits.js';
import { notice } from '../render.js';
import type { Command } from './command.js';

/** Message menu › Apps › Search notes: the ask flow on a message's text, privately. */
export const searchMessageCommand: Command = {
  data: { type: ApplicationCommandType.Message, name: 'Search notes' },
  cooldown: true,
  async execute(interaction, ctx) {
    if (!interaction.isMessageContextMenuCommand()) return;
    const text = interaction.targetMessage.content;
    if (!text.trim()) {
      await interaction.reply({ ...notice('That message has no text to search the notes for.'), flags: MessageFlags.Ephemeral });
      return;
    }
    // A long message is searched by its opening rather than refused.
    await ask(interaction, ctx, truncate(text, MAX_QUESTION_CHARS), false);
  },
};
