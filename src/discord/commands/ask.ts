import { ApplicationCommandOptionType, ApplicationCommandType, MessageFlags } from 'discord.js';
import { MAX_QUESTION_CHARS } from '../../answer/question.js';
import { ask, renderAnswer } from '../ask-flow.js';
import { notice } from '../render.js';
import type { Command } from './command.js';

const EXPIRED = 'This answer has expired. Ask again with /ask.';

export const askCommand: Command = {
  data: {
    type: ApplicationCommandType.ChatInput,
    name: 'ask',
    description: 'Ask the notes a question: get quoted passages with links',
    options: [
      {
        type: ApplicationCommandOptionType.String,
        name: 'question',
        description: 'e.g. do registries have legal authority?',
        required: true,
        max_length: MAX_QUESTION_CHARS,
      },
      { type: ApplicationCommandOptionType.Boolean, name: 'public', description: 'Post the answer for everyone (default: only you see it)' },
    ],
  },
  cooldown: true,
  async execute(interaction, ctx) {
    if (!interaction.isChatInputCommand()) return;
    await ask(interaction, ctx, interaction.options.getString('question', true), interaction.options.getBoolean('public') ?? false);
  },
  buttons: [
    {
      // The next passages, for the clicker alone: a public answer stays as it was.
      prefix: 'more',
      cooldown: true,
      async handle(interaction, [key, offset], ctx) {
        const remembered = ctx.memory.recall(key ?? '');
        if (!remembered) return void (await interaction.reply({ ...notice(EXPIRED), flags: MessageFlags.Ephemeral }));
        await interaction.deferReply({ flags: MessageFlags.Ephemeral });
        await interaction.editReply(await renderAnswer(ctx, remembered.question, key!, Number(offset) || 0, false));
      },
    },
    {
      // Posts a private answer for everyone, without buttons: it is a quote, not a menu.
      prefix: 'share',
      cooldown: true,
      async handle(interaction, [key, offset], ctx) {
        const remembered = ctx.memory.recall(key ?? '');
        if (!remembered) return void (await interaction.reply({ ...notice(EXPIRED), flags: MessageFlags.Ephemeral }));
        await interaction.deferReply();
        const reply = await renderAnswer(ctx, remembered.question, key!, Number(offset) || 0, true);
        await interaction.editReply({ ...reply, components: [] });
      },
    },
  ],
};
