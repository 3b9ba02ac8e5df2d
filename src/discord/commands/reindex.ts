import { ApplicationCommandType, InteractionContextType, MessageFlags, PermissionFlagsBits } from 'discord.js';
import { formatProblem } from '../../notes/note.js';
import { escapeUserText } from '../limits.js';
import { notice } from '../render.js';
import type { Command } from './command.js';

export const reindexCommand: Command = {
  data: {
    type: ApplicationCommandType.ChatInput,
    name: 'reindex',
    description: 'Re-read the notes folder and update the index now',
    // Only members who may manage the server see it; server admins can change that per role.
    default_member_permissions: PermissionFlagsBits.ManageGuild.toString(),
    contexts: [InteractionContextType.Guild],
  },
  cooldown: false,
  async execute(interaction, ctx) {
    await interaction.deferReply({ flags: MessageFlags.Ephemeral });
    const r = await ctx.reindex();
    const lines = [
      r.upToDate
        ? `The index was already up to date: ${r.notes} notes, ${r.passages} passages.`
        : `Re-indexed ${r.notes} notes into ${r.passages} passages: ${r.embedded} embedded, ${r.removed} removed, in ${(r.ms / 1000).toFixed(1)} s.`,
    ];
    if (r.broken.length > 0) lines.push(`${r.broken.length} skipped:`, ...r.broken.slice(0, 10).map((p) => `- ${escapeUserText(formatProblem(p))}`));
    await interaction.editReply(notice(lines.join('\n')));
  },
};
