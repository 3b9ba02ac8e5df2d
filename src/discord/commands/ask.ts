import {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  ComponentType,
  MessageFlags,
  type APIActionRowComponent,
  type APIComponentInMessageActionRow,
} from 'discord.js';
import { MAX_QUESTION_CHARS } from '../../answer/question.js';
import { ask, renderAnswer } from '../ask-flow.js';
import { messagesFor, wording } from '../i18n/index.js';
import { answerReply, markShared, wholePassagesReply } from '../render.js';
import { replyPrivately } from '../respond.js';
import { chatInputCommand } from './command.js';

export const askCommand = chatInputCommand({
  data: {
    type: ApplicationCommandType.ChatInput,
    name: 'ask',
    ...wording((c) => c.commands.ask),
    options: [
      {
        type: ApplicationCommandOptionType.String,
        name: 'question',
        ...wording((c) => c.commands.ask.question),
        required: true,
        max_length: MAX_QUESTION_CHARS,
      },
      {
        type: ApplicationCommandOptionType.Boolean,
        name: 'public',
        ...wording((c) => c.commands.ask.public),
      },
    ],
  },
  cooldown: true,
  run: (interaction, { question, public: isPublic = false }, ctx) => ask(interaction, ctx, question, { command: 'ask', isPublic }),
  buttons: [
    {
      // The next passages, for the clicker alone: a public answer stays as it was. A new search.
      prefix: 'more',
      cooldown: true,
      async handle(interaction, [key = '', offset], ctx) {
        if (!ctx.memory.recall(key)) return replyPrivately(interaction, messagesFor(interaction.locale).expired);
        await interaction.deferReply({ flags: MessageFlags.Ephemeral });
        await interaction.editReply(await renderAnswer(ctx, key, Number(offset) || 0, interaction.locale));
      },
    },
    {
      // The passages of the page in full, for the clicker alone: shown again, not searched again.
      prefix: 'full',
      cooldown: false,
      async handle(interaction, [key = '', offset], ctx) {
        const page = ctx.memory.recall(key)?.pages.get(Number(offset) || 0);
        if (!page) return replyPrivately(interaction, messagesFor(interaction.locale).expired);
        await interaction.reply({ ...wholePassagesReply(page.results), flags: MessageFlags.Ephemeral });
      },
    },
    {
      // Posts a private answer for everyone, once: the public copy names who shared it (without a
      // ping) and has no buttons; the private one's Share button then says it is done.
      prefix: 'share',
      cooldown: false,
      async handle(interaction, [key = '', offset], ctx) {
        const m = messagesFor(interaction.locale);
        const remembered = ctx.memory.recall(key);
        const page = remembered?.pages.get(Number(offset) || 0);
        if (!remembered || !page) return replyPrivately(interaction, m.expired);
        if (remembered.shared.has(Number(offset) || 0)) return replyPrivately(interaction, m.alreadyShared);
        remembered.shared.add(Number(offset) || 0);
        await interaction.deferUpdate();
        const view = { question: remembered.question, messageLink: remembered.messageLink, ...page, key, offset: Number(offset) || 0, isPublic: true };
        await interaction.followUp(answerReply({ ...view, sharedBy: interaction.user.toString(), votes: Boolean(ctx.questions?.enabled) }, m));
        const rows = interaction.message.components
          .map((c) => c.toJSON())
          .filter((c): c is APIActionRowComponent<APIComponentInMessageActionRow> => c.type === ComponentType.ActionRow);
        await interaction.editReply({ components: markShared(rows, m) });
      },
    },
  ],
});
