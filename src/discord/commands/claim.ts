import { ApplicationCommandOptionType, ApplicationCommandType, MessageFlags } from 'discord.js';
import { quoteHits } from '../../answer/answer.js';
import { questionProblem } from '../../answer/question.js';
import { shownPassages } from '../../questions/store.js';
import { findClaim } from '../../search/claim.js';
import { messagesFor, wording } from '../i18n/index.js';
import { answerKey } from '../memory.js';
import { claimReply } from '../render.js';
import { replyPrivately } from '../respond.js';
import { chatInputCommand } from './command.js';

export const claimCommand = chatInputCommand({
  data: {
    type: ApplicationCommandType.ChatInput,
    name: 'claim',
    ...wording((c) => c.commands.claim),
    options: [
      {
        type: ApplicationCommandOptionType.String,
        name: 'text',
        ...wording((c) => c.commands.claim.text),
        required: true,
        max_length: 1000,
      },
      {
        type: ApplicationCommandOptionType.Boolean,
        name: 'public',
        ...wording((c) => c.commands.claim.public),
      },
    ],
  },
  cooldown: true,
  async run(interaction, { text, public: isPublic = false }, ctx) {
    const m = messagesFor(interaction.locale);
    const problem = questionProblem(text);
    if (problem) return replyPrivately(interaction, m.claimProblem(problem));
    await interaction.deferReply(isPublic ? {} : { flags: MessageFlags.Ephemeral });
    const engine = ctx.engine();
    const found = findClaim(engine, text);
    const results = await quoteHits(engine, found.hits, { terms: found.specifics.map((s) => s.term), phrases: found.phrases });
    const key = answerKey();
    ctx.questions?.record({
      key,
      command: 'claim',
      question: text,
      guild: interaction.guildId ?? undefined,
      locale: interaction.locale,
      answered: found.verdict.kind === 'stated',
      weak: false,
      shown: shownPassages(results),
    });
    await interaction.editReply(claimReply({ claim: text, verdict: found.verdict, results, votes: ctx.questions?.enabled ? key : undefined }, m));
  },
});
