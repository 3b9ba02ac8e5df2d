import { ApplicationCommandOptionType, ApplicationCommandType, MessageFlags } from 'discord.js';
import { messagesFor, wording } from '../i18n/index.js';
import { listNotes } from '../notes-lookup.js';
import { notesReply } from '../render.js';
import { chatInputCommand } from './command.js';

export const notesCommand = chatInputCommand({
  data: {
    type: ApplicationCommandType.ChatInput,
    name: 'notes',
    ...wording((c) => c.commands.notes),
    options: [
      {
        type: ApplicationCommandOptionType.String,
        name: 'filter',
        ...wording((c) => c.commands.notes.filter),
        max_length: 80,
      },
    ],
  },
  cooldown: false,
  async run(interaction, { filter = '' }, ctx) {
    const text = filter.trim();
    await interaction.reply({ ...notesReply(listNotes(ctx.notes(), text), 0, text, messagesFor(interaction.locale)), flags: MessageFlags.Ephemeral });
  },
  buttons: [
    {
      prefix: 'notes',
      cooldown: false,
      async handle(interaction, [page, ...filter], ctx) {
        // The filter may itself hold ':'; it was split along with the rest of the custom_id.
        const text = filter.join(':');
        await interaction.update(notesReply(listNotes(ctx.notes(), text), Number(page) || 0, text, messagesFor(interaction.locale)));
      },
    },
  ],
});
