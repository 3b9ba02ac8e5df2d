import { ApplicationCommandOptionType, ApplicationCommandType, MessageFlags } from 'discord.js';
import { listNotes } from '../notes-lookup.js';
import { notesReply } from '../render.js';
import type { Command } from './command.js';

export const notesCommand: Command = {
  data: {
    type: ApplicationCommandType.ChatInput,
    name: 'notes',
    description: 'List the notes with their dates and links',
    options: [{ type: ApplicationCommandOptionType.String, name: 'filter', description: 'Only notes whose title or tags contain this', max_length: 80 }],
  },
  cooldown: false,
  async execute(interaction, ctx) {
    if (!interaction.isChatInputCommand()) return;
    const filter = interaction.options.getString('filter')?.trim() ?? '';
    await interaction.reply({ ...notesReply(listNotes(ctx.notes(), filter), 0, filter), flags: MessageFlags.Ephemeral });
  },
  buttons: [
    {
      prefix: 'notes',
      cooldown: false,
      async handle(interaction, [page, ...filter], ctx) {
        // The filter may itself hold ':'; it was split along with the rest of the custom_id.
        const text = filter.join(':');
        await interaction.update(notesReply(listNotes(ctx.notes(), text), Number(page) || 0, text));
      },
    },
  ],
};
