import { ApplicationCommandType, MessageFlags } from 'discord.js';
import { messagesFor, wording, type Catalogue } from '../i18n/index.js';
import { NO_MENTIONS } from '../limits.js';
import { chatInputCommand, MANAGER_PERMISSION } from './command.js';

/** The commands /help lists, with what each does; manager-only ones shown only to managers. */
const ENTRIES: { command: string; options: string; text: (m: Catalogue) => string; managers?: true }[] = [
  { command: 'ask', options: 'question [public]', text: (m) => m.helpAsk },
  { command: 'quote', options: 'note [about]', text: (m) => m.helpQuote },
  { command: 'claim', options: 'text [public]', text: (m) => m.helpClaim },
  { command: 'notes', options: '[filter]', text: (m) => m.helpNotes },
  { command: 'help', options: '', text: (m) => m.helpHelp },
  { command: 'reindex', options: '', text: (m) => m.helpReindex, managers: true },
  { command: 'report', options: '', text: (m) => m.commands.report.description, managers: true },
];

export const helpCommand = chatInputCommand({
  data: {
    type: ApplicationCommandType.ChatInput,
    name: 'help',
    ...wording((c) => c.commands.help),
  },
  cooldown: false,
  async run(interaction, _args, ctx) {
    const m = messagesFor(interaction.locale);
    const canManage = interaction.memberPermissions?.has(MANAGER_PERMISSION) ?? false;
    // A command mention, </ask:id>, is a link that fills in the command; without the id, its name.
    const mention = (name: string) => {
      const id = ctx.commandIds.get(name);
      return id ? `</${name}:${id}>` : `/${name}`;
    };
    const fields = ENTRIES.filter((e) => !e.managers || canManage).map((e) => ({
      name: '\u200b',
      value: `${mention(e.command)}${e.options ? ` \`${e.options}\`` : ''}\n${e.text(m)}`,
    }));
    // The message menu goes before /help itself, and the managers' commands after it.
    fields.splice(ENTRIES.filter((e) => !e.managers).length - 1, 0, { name: '\u200b', value: `**${m.commands.searchMessage.name}**\n${m.helpSearchMessage}` });
    await interaction.reply({
      embeds: [{ title: m.helpTitle, description: m.helpIntro, fields, color: 0x2b6cb0 }],
      allowedMentions: NO_MENTIONS,
      flags: MessageFlags.Ephemeral,
    });
  },
});
