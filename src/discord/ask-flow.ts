import { MessageFlags, type ButtonInteraction, type ChatInputCommandInteraction, type MessageContextMenuCommandInteraction } from 'discord.js';
import pLimit from 'p-limit';
import { quoteHits } from '../answer/answer.js';
import { MAX_QUESTION_CHARS, questionProblem } from '../answer/question.js';
import { shownPassages, type LoggedQuestion } from '../questions/store.js';
import type { Hit } from '../search/engine.js';
import type { BotContext } from './context.js';
import { messagesFor } from './i18n/index.js';
import type { AnswerPage } from './memory.js';
import { answerReply, ANSWERS_PER_PAGE, notCoveredReply, notice, type Reply } from './render.js';
import { replyPrivately } from './respond.js';

type Asking = ChatInputCommandInteraction | MessageContextMenuCommandInteraction | ButtonInteraction;

/**
 * A passage scoring under this share of the best one's score is left out: far below the first,
 * it would look like an answer it is not.
 */
const RELATIVE_FLOOR = 0.5;

function relevant(hits: Hit[]): Hit[] {
  const best = hits[0]?.score ?? 0;
  return hits.filter((h) => h.score >= RELATIVE_FLOOR * best);
}

/** What a page of an answer came to, before it is drawn. */
type Outcome =
  { kind: 'expired' } | { kind: 'not-covered'; closest: { title: string; noteUrl: string }[] } | { kind: 'no-more' } | { kind: 'page'; page: AnswerPage };

/**
 * Searches run one at a time. Fifty at once took the thread in turn with no gap in which Discord's
 * next interactions were read, so a deferral waited behind every search queued before it (p95
 * 470 ms at 10,000 passages); one at a time, it waits for one search at most (95 ms), and the
 * answers come no later, since searching is this thread's work either way (measured with
 * bench:discord: two at a time gave 178 ms). Quoting is left outside: it mostly waits for the
 * embedding thread, and the next search need not wait with it.
 */
const searching = pLimit(1);

/** Answers looked for since the start (pages of them): the warm-up tells people's from its own by it. */
let pagesAsked = 0;
export const answersAsked = (): number => pagesAsked;

async function answerPage(ctx: BotContext, key: string, offset: number): Promise<Outcome> {
  pagesAsked++;
  const remembered = ctx.memory.recall(key);
  if (!remembered) return { kind: 'expired' };
  const engine = ctx.engine();
  // One more than a page tells whether a More button has anything to show.
  const found = await searching(() => engine.search(remembered.question, { k: offset + ANSWERS_PER_PAGE + 1 }));
  if (!found.answered) return { kind: 'not-covered', closest: found.hits.map((h) => ({ title: h.passage.title, noteUrl: h.passage.url })) };
  const hits = relevant(found.hits);
  const shown = hits.slice(offset, offset + ANSWERS_PER_PAGE);
  if (shown.length === 0) return { kind: 'no-more' };
  const page: AnswerPage = {
    results: await quoteHits(engine, shown, found.query),
    weak: found.weak,
    hasMore: hits.length > offset + ANSWERS_PER_PAGE,
    ...(found.query.focusSentence ? { searchedFor: found.query.focusSentence } : {}),
  };
  // Remembered, so that Share and "Whole passages" show it again without searching.
  remembered.pages.set(offset, page);
  return { kind: 'page', page };
}

function draw(ctx: BotContext, outcome: Outcome, key: string, offset: number, locale: string): Reply {
  const m = messagesFor(locale);
  const remembered = ctx.memory.recall(key);
  const votes = Boolean(ctx.questions?.enabled);
  if (outcome.kind === 'expired' || !remembered) return notice(m.expired);
  if (outcome.kind === 'no-more') return notice(m.noMorePassages);
  if (outcome.kind === 'not-covered')
    return notCoveredReply(remembered.question, outcome.closest, m, { messageLink: remembered.messageLink, votes: votes ? key : undefined });
  return answerReply(
    { question: remembered.question, messageLink: remembered.messageLink, ...outcome.page, key, offset, isPublic: remembered.isPublic, votes },
    m,
  );
}

/** Answers the remembered question from `offset` on: a page of quoted passages, or "not covered". */
export async function renderAnswer(ctx: BotContext, key: string, offset: number, locale: string): Promise<Reply> {
  return draw(ctx, await answerPage(ctx, key, offset), key, offset, locale);
}

/**
 * The ask flow shared by /ask and the "Search notes" menu: check the question, defer at once
 * (the answer may take longer than Discord's 3 seconds), then edit in the answer, and log it.
 */
export async function ask(
  interaction: Asking,
  ctx: BotContext,
  question: string,
  options: { command: LoggedQuestion['command']; isPublic: boolean; max?: number; messageLink?: string },
): Promise<void> {
  const m = messagesFor(interaction.locale);
  const problem = questionProblem(question, options.max ?? MAX_QUESTION_CHARS);
  if (problem) return replyPrivately(interaction, m.question(problem));
  ctx.engine().expect(question);
  await interaction.deferReply(options.isPublic ? {} : { flags: MessageFlags.Ephemeral });
  // Interactions that arrived meanwhile get their deferral out before this search takes the CPU.
  await new Promise((resolve) => setImmediate(resolve));
  const key = ctx.memory.remember({ question, isPublic: options.isPublic, messageLink: options.messageLink });
  const outcome = await answerPage(ctx, key, 0);
  ctx.questions?.record({
    key,
    command: options.command,
    question,
    guild: interaction.guildId ?? undefined,
    locale: interaction.locale,
    answered: outcome.kind === 'page',
    weak: outcome.kind === 'page' && outcome.page.weak,
    shown: outcome.kind === 'page' ? shownPassages(outcome.page.results) : [],
  });
  await interaction.editReply(draw(ctx, outcome, key, 0, interaction.locale));
}
