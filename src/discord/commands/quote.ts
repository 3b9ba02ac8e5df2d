import { ApplicationCommandOptionType, ApplicationCommandType, MessageFlags } from 'discord.js';
import { answerQuestion, quoteHits } from '../../answer/answer.js';
import { questionProblem } from '../../answer/question.js';
import { escapeUserText } from '../limits.js';
import { findNote, noteChoices } from '../notes-lookup.js';
import { notice, quoteReply } from '../render.js';
import type { Command } from './command.js';

export const quoteCommand: Command = {
  data: {
    type: ApplicationCommandType.ChatInput,
    name: 'quote',
    description: 'Post a quotable passage from a note, with attribution and link',
    options: [
      { type: ApplicationCommandOptionType.String, name: 'note', description: 'Start typing a title', required: true, autocomplete: true },
      {
        type: ApplicationCommandOptionType.String,
        name: 'about',
        description: 'What the passage should be about (default: the note’s opening)',
        max_length: 300,
      },
    ],
  },
  cooldown: true,
  async autocomplete(interaction, ctx) {
    await interaction.respond(noteChoices(ctx.notes(), interaction.options.getFocused()));
  },
  async execute(interaction, ctx) {
    if (!interaction.isChatInputCommand()) return;
    const value = interaction.options.getString('note', true);
    const about = interaction.options.getString('about')?.trim() ?? '';
    const note = findNote(ctx.notes(), value);
    if (!note) {
      const text = `There is no note called “${escapeUserText(value)}”. Start typing in the note option and pick a title from the list.`;
      return void (await interaction.reply({ ...notice(text), flags: MessageFlags.Ephemeral }));
    }
    const problem = about ? questionProblem(about) : undefined;
    if (problem) return void (await interaction.reply({ ...notice(problem), flags: MessageFlags.Ephemeral }));
    await interaction.deferReply();
    const engine = ctx.engine();
    let [result] = about ? (await answerQuestion(engine, about, { noteId: note.id, k: 1, perNote: Infinity })).results : [];
    if (!result) {
      // No topic given: the note's lead, quoted from its first sentences.
      const lead = engine.passages.find((p) => p.noteId === note.id);
      if (!lead) return void (await interaction.editReply(notice(`“${escapeUserText(note.title)}” has no text to quote.`)));
      [result] = await quoteHits(engine, [{ passage: lead, score: 1 }], { terms: [], phrases: [] });
    }
    await interaction.editReply(quoteReply(result!));
  },
};
