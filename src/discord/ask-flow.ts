import { MessageFlags, type ButtonInteraction, type ChatInputCommandInteraction, type MessageContextMenuCommandInteraction } from 'discord.js';
import { quoteHits } from '../answer/answer.js';
import { questionProblem } from '../answer/question.js';
import type { BotContext } from './context.js';
import { answerReply, ANSWERS_PER_PAGE, notCoveredReply, notice, type Reply } from './render.js';

type Asking = ChatInputCommandInteraction | MessageContextMenuCommandInteraction | ButtonInteraction;

/** Answers a question from `offset` on: three quoted passages, or "not covered". */
export async function renderAnswer(ctx: BotContext, question: string, key: string, offset: number, isPublic: boolean): Promise<Reply> {
  const engine = ctx.engine();
  // One more than a page tells whether a More button has anything to show.
  const found = await engine.search(question, { k: offset + ANSWERS_PER_PAGE + 1 });
  const page = found.answered ? found.hits.slice(offset, offset + ANSWERS_PER_PAGE) : [];
  if (!found.answered)
    return notCoveredReply(
      question,
      found.hits.map((h) => ({ title: h.passage.title, noteUrl: h.passage.url })),
    );
  if (page.length === 0) return notice('There are no more passages for this question.');
  // Only the passages shown are quoted.
  const results = await quoteHits(engine, page, found.query);
  return answerReply({ question, results, key, offset, hasMore: found.hits.length > offset + ANSWERS_PER_PAGE, isPublic });
}

/**
 * The ask flow shared by /ask and the "Search notes" menu: check the question, defer at once
 * (the answer may take longer than Discord's 3 seconds), then edit in the answer.
 */
export async function ask(interaction: Asking, ctx: BotContext, question: string, isPublic: boolean): Promise<void> {
  const problem = questionProblem(question);
  if (problem) {
    await interaction.reply({ ...notice(problem), flags: MessageFlags.Ephemeral });
    return;
  }
  await interaction.deferReply(isPublic ? {} : { flags: MessageFlags.Ephemeral });
  // Interactions that arrived meanwhile get their deferral out before this search takes the CPU.
  await new Promise((resolve) => setImmediate(resolve));
  const key = ctx.memory.remember({ question, isPublic });
  await interaction.editReply(await renderAnswer(ctx, question, key, 0, isPublic));
}
