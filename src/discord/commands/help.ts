import { ApplicationCommandType, MessageFlags } from 'discord.js';
import { NO_MENTIONS } from '../limits.js';
import type { Command } from './command.js';

const HELP = [
  [
    '/ask question [public]',
    'Answers from the notes with up to three quoted passages, each linked to the sentence in its note. **More** shows the next passages; **Share** posts a private answer for everyone.',
  ],
  ['/quote note [about]', 'Posts a quotable passage from a note (the one about your topic, else its opening) with attribution and link.'],
  ['/claim text', 'Checks a specific claim — its numbers, names and phrases — and says plainly when the notes do not make it.'],
  ['/notes [filter]', 'Lists the notes with their dates and links, a page at a time.'],
  ['Search notes', 'Right-click a message › Apps › Search notes: searches the notes for what the message says, privately.'],
  ['/help', 'This list.'],
  ['/reindex', 'For server managers: re-reads the notes folder now (the bot also does so by itself when notes change).'],
] as const;

export const helpCommand: Command = {
  data: { type: ApplicationCommandType.ChatInput, name: 'help', description: 'What notes-bot can do' },
  cooldown: false,
  async execute(interaction) {
    await interaction.reply({
      embeds: [
        {
          title: 'notes-bot',
          description: "Answers by quoting Lu Heng's Notes, word for word, with a link to each passage. It never writes answers of its own.",
          fields: HELP.map(([name, value]) => ({ name, value })),
          color: 0x2b6cb0,
        },
      ],
      allowedMentions: NO_MENTIONS,
      flags: MessageFlags.Ephemeral,
    });
  },
};
