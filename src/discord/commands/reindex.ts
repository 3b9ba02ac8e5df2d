import { ApplicationCommandType, InteractionContextType, MessageFlags } from 'discord.js';
import { formatProblem } from '../../notes/note.js';
import { messagesFor, wording } from '../i18n/index.js';
import { escapeUserText } from '../limits.js';
import { notice } from '../render.js';
import { chatInputCommand, MANAGER_PERMISSION } from './command.js';

export const reindexCommand = chatInputCommand({
  data: {
    type: ApplicationCommandType.ChatInput,
    name: 'reindex',
    ...wording((c) => c.commands.reindex),
    default_member_permissions: MANAGER_PERMISSION.toString(),
    contexts: [InteractionContextType.Guild],
  },
  cooldown: false,
  async run(interaction, _args, ctx) {
    const m = messagesFor(interaction.locale);
    await interaction.deferReply({ flags: MessageFlags.Ephemeral });
    const r = await ctx.reindex();
    const lines = [r.upToDate ? m.reindexUpToDate(r.notes, r.passages) : m.reindexDone(r.notes, r.passages, r.embedded, r.removed, (r.ms / 1000).toFixed(1))];
    if (r.broken.length > 0) lines.push(m.reindexSkipped(r.broken.length), ...r.broken.slice(0, 10).map((p) => `- ${escapeUserText(formatProblem(p))}`));
    await interaction.editReply(notice(lines.join('\n')));
  },
});
