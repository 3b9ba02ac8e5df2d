import { ApplicationCommandType, InteractionContextType, MessageFlags } from 'discord.js';
import { reportData } from '../../questions/report.js';
import { messagesFor, wording } from '../i18n/index.js';
import { escapeUserText, LIMITS, NO_MENTIONS, truncate } from '../limits.js';
import { replyPrivately } from '../respond.js';
import { chatInputCommand, MANAGER_PERMISSION } from './command.js';

const WEEK = 7 * 86_400_000;

/** /report: the last seven days of this server in one private embed, and how to get the whole page. */
export const reportCommand = chatInputCommand({
  data: {
    type: ApplicationCommandType.ChatInput,
    name: 'report',
    ...wording((c) => c.commands.report),
    default_member_permissions: MANAGER_PERMISSION.toString(),
    contexts: [InteractionContextType.Guild],
  },
  cooldown: false,
  async run(interaction, _args, ctx) {
    const m = messagesFor(interaction.locale);
    if (!ctx.questions?.enabled) return replyPrivately(interaction, m.reportOff);
    await interaction.deferReply({ flags: MessageFlags.Ephemeral });
    const guild = interaction.guildId ?? undefined;
    const data = await reportData(ctx.questions, { since: Date.now() - WEEK, guild, embedder: ctx.engine().embedder });
    const t = data.totals;
    const topics = data.uncovered.slice(0, 5).map((g) => `• ${m.reportTopic(g.count, escapeUserText(truncate(g.example, 120)))}`);
    const unhelpful = data.unhelpful
      .slice(0, 3)
      .map((u) => `• ${escapeUserText(truncate(u.question, 100))}${u.comment ? ` — *${escapeUserText(truncate(u.comment, 120))}*` : ''}`);
    await interaction.editReply({
      embeds: [
        {
          title: m.reportTitle,
          description: m.reportTotals(t.questions, t.answered, t.notCovered, t.helpful, t.unhelpful),
          fields: [
            { name: m.reportUncovered, value: truncate(topics.join('\n') || m.reportNone, LIMITS.fieldValue) },
            { name: m.reportUnhelpful, value: truncate(unhelpful.join('\n') || m.reportNone, LIMITS.fieldValue) },
            { name: '\u200b', value: m.reportFullPage(`npm run report -- --since 7d${guild ? ` --guild ${guild}` : ''}`) },
          ],
          color: 0x2b6cb0,
        },
      ],
      allowedMentions: NO_MENTIONS,
    });
  },
});
