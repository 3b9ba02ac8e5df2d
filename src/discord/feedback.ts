import { ComponentType, TextInputStyle, type ModalSubmitInteraction } from 'discord.js';
import type { ButtonHandler } from './commands/command.js';
import type { BotContext } from './context.js';
import { messagesFor } from './i18n/index.js';
import { replyPrivately } from './respond.js';

/** A modal's submission, routed by the prefix of its custom_id like a button. */
export interface ModalHandler {
  prefix: string;
  handle(interaction: ModalSubmitInteraction, args: string[], ctx: BotContext): Promise<void>;
}

const COMMENT_FIELD = 'looking-for';
const COMMENT_MAX = 300;

/**
 * "Helpful" and "Not helpful" under an answer: one vote per person per answer, changeable,
 * acknowledged privately. "Not helpful" asks, in a modal, what the reader was looking for.
 */
export const FEEDBACK_BUTTONS: ButtonHandler[] = [
  {
    prefix: 'vote',
    cooldown: false,
    async handle(interaction, [key = '', value], ctx) {
      const m = messagesFor(interaction.locale);
      if (!ctx.questions?.enabled) return replyPrivately(interaction, m.feedbackOff);
      const helpful = value === '1';
      const outcome = ctx.questions.vote(key, interaction.guildId ?? undefined, interaction.user.id, helpful);
      if (outcome === undefined) return replyPrivately(interaction, m.feedbackOff);
      if (outcome === 'unknown-answer') return replyPrivately(interaction, m.voteExpired);
      if (helpful) return replyPrivately(interaction, outcome === 'changed' ? m.voteChanged : outcome === 'unchanged' ? m.voteSame : m.voteThanks);
      await interaction.showModal({
        custom_id: `vote-comment:${key}`,
        title: m.lookingForTitle,
        components: [
          {
            type: ComponentType.ActionRow,
            components: [
              {
                type: ComponentType.TextInput,
                custom_id: COMMENT_FIELD,
                label: m.lookingForLabel,
                style: TextInputStyle.Paragraph,
                required: false,
                max_length: COMMENT_MAX,
              },
            ],
          },
        ],
      });
    },
  },
];

export const FEEDBACK_MODALS: ModalHandler[] = [
  {
    prefix: 'vote-comment',
    async handle(interaction, [key = ''], ctx) {
      const m = messagesFor(interaction.locale);
      const text = interaction.fields.getTextInputValue(COMMENT_FIELD).trim().slice(0, COMMENT_MAX);
      if (text && ctx.questions?.enabled) ctx.questions.comment(key, interaction.guildId ?? undefined, interaction.user.id, text);
      await replyPrivately(interaction, m.commentThanks);
    },
  },
];
