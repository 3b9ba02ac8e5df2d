import { ApplicationCommandOptionType, ApplicationCommandType } from 'discord.js';
import { answerQuestion, quoteHits } from '../../answer/answer.js';
import { questionProblem } from '../../answer/question.js';
import { messagesFor, wording } from '../i18n/index.js';
import { escapeUserText } from '../limits.js';
import { findNote, noteChoices } from '../notes-lookup.js';
import { notice, quoteReply } from '../render.js';
import { replyPrivately } from '../respond.js';
import { chatInputCommand } from './command.js';

export const quoteCommand = chatInputCommand({
  data: {
    type: ApplicationCommandType.ChatInput,
    name: 'quote',
    ...wording((c) => c.commands.quote),
    options: [
      {
        type: ApplicationCommandOptionType.String,
        name: 'note',
        ...wording((c) => c.commands.quote.note),
        required: true,
        autocomplete: true,
      },
      {
        type: ApplicationCommandOptionType.String,
        name: 'about',
        ...wording((c) => c.commands.quote.about),
        max_length: 300,
      },
    ],
  },
  cooldown: true,
  async autocomplete(interaction, ctx) {
    await interaction.respond(noteChoices(ctx.notes(), interaction.options.getFocused()));
  },
  async run(interaction, { note: value, about = '' }, ctx) {
    const m = messagesFor(interaction.locale);
    const note = findNote(ctx.notes(), value);
    if (!note) return replyPrivately(interaction, m.noteNotFound(escapeUserText(value)));
    const problem = about.trim() ? questionProblem(about) : undefined;
    if (problem) return replyPrivately(interaction, m.question(problem));
    await interaction.deferReply();
    const engine = ctx.engine();
    let [result] = about.trim() ? (await answerQuestion(engine, about, { noteId: note.id, k: 1, perNote: Infinity })).results : [];
    if (!result) {
      // No topic given: the note's lead, quoted from its first sentences.
      const lead = engine.passages.find((p) => p.noteId === note.id);
      if (!lead) return void (await interaction.editReply(notice(m.noText(escapeUserText(note.title)))));
      [result] = await quoteHits(engine, [{ passage: lead, score: 1 }], { terms: [], phrases: [] });
    }
    await interaction.editReply(quoteReply(result!, m));
  },
});
