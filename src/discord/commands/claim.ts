import { ApplicationCommandOptionType, ApplicationCommandType, MessageFlags } from 'discord.js';
import { quoteHits } from '../../answer/answer.js';
import { questionProblem } from '../../answer/question.js';
import { findClaim } from '../../search/claim.js';
import { claimReply, notice } from '../render.js';
import type { Command } from './command.js';

export const claimCommand: Command = {
  data: {
    type: ApplicationCommandType.ChatInput,
    name: 'claim',
    description: 'Check whether the notes make a specific claim ("$60 trillion", "ICP-2")',
    options: [
      {
        type: ApplicationCommandOptionType.String,
        name: 'text',
        description: 'The claim, e.g. IPv4 could be worth $60 trillion',
        required: true,
        max_length: 1000,
      },
      { type: ApplicationCommandOptionType.Boolean, name: 'public', description: 'Post the result for everyone (default: only you see it)' },
    ],
  },
  cooldown: true,
  async execute(interaction, ctx) {
    if (!interaction.isChatInputCommand()) return;
    const text = interaction.options.getString('text', true);
    const problem = questionProblem(text);
    if (problem) return void (await interaction.reply({ ...notice(problem.replace(/question/g, 'claim')), flags: MessageFlags.Ephemeral }));
    const isPublic = interaction.options.getBoolean('public') ?? false;
    await interaction.deferReply(isPublic ? {} : { flags: MessageFlags.Ephemeral });
    const engine = ctx.engine();
    const found = findClaim(engine, text);
    const results = await quoteHits(engine, found.hits, { terms: found.specifics, phrases: found.phrases });
    await interaction.editReply(
      claimReply({ claim: text, found: found.found, results, matched: found.hits.map((h) => h.matched), specifics: found.specifics }),
    );
  },
};
