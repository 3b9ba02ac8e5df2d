import { ButtonStyle, ComponentType, type APIActionRowComponent, type APIButtonComponent, type APIEmbed } from 'discord.js';
import type { AnswerResult } from '../answer/answer.js';
import type { Note } from '../notes/note.js';
import { escapeUserText, LIMITS, NO_MENTIONS, truncate } from './limits.js';

/** A message as Discord's API takes it: plain data, so that it can be checked in tests. */
export interface Reply {
  content?: string;
  embeds?: APIEmbed[];
  components?: APIActionRowComponent<APIButtonComponent>[];
  allowedMentions: typeof NO_MENTIONS;
}

export const ANSWERS_PER_PAGE = 3;
export const NOTES_PER_PAGE = 10;
const COLOR = 0x2b6cb0;
const QUESTION_ECHO = 300;

/** The passage with its quote in bold, Markdown escaped, cut around the quote to fit. */
export function emphasise(result: Pick<AnswerResult, 'text' | 'quote'>, max: number): string {
  const at = result.text.indexOf(result.quote);
  const quote = `**${escapeUserText(result.quote)}**`;
  if (at < 0 || quote.length > max) return truncate(escapeUserText(at < 0 ? result.text : result.quote), max);
  const before = escapeUserText(result.text.slice(0, at));
  const after = escapeUserText(result.text.slice(at + result.quote.length));
  if (before.length + quote.length + after.length <= max) return `${before}${quote}${after}`;
  // Keep the context nearest the quote: the end of what comes before, the start of what follows.
  const room = max - quote.length - 2;
  const keepBefore = Math.min(before.length, Math.max(Math.floor(room / 3), room - after.length));
  const head = keepBefore < before.length ? `…${before.slice(before.length - keepBefore)}` : before;
  return `${head}${quote}${truncate(after, Math.max(0, room - keepBefore))}`;
}

export function resultEmbed(result: AnswerResult, budget: number): APIEmbed {
  const heading = result.heading ? `*${escapeUserText(truncate(result.heading, 200))}*\n\n` : '';
  return {
    title: truncate(result.title, LIMITS.embedTitle),
    url: result.url,
    description: heading + emphasise(result, Math.min(LIMITS.embedDescription, budget) - heading.length),
    color: COLOR,
    footer: { text: result.date ? `Lu Heng · Notes · ${result.date}` : 'Lu Heng · Notes' },
  };
}

/** Embeds for up to three results, sized so that together they stay under 6,000 characters. */
export function resultEmbeds(results: AnswerResult[]): APIEmbed[] {
  const shown = results.slice(0, ANSWERS_PER_PAGE);
  const overhead = shown.reduce((n, r) => n + Math.min(r.title.length, LIMITS.embedTitle) + 60, 0);
  const budget = Math.floor((LIMITS.embedTotal - 400 - overhead) / Math.max(1, shown.length));
  return shown.map((r) => resultEmbed(r, budget));
}

function button(customId: string, label: string, style: ButtonStyle.Primary | ButtonStyle.Secondary = ButtonStyle.Secondary): APIButtonComponent {
  return { type: ComponentType.Button, custom_id: customId.slice(0, LIMITS.customId), label, style };
}

export function questionLine(question: string): string {
  return `**Q:** ${escapeUserText(truncate(question.replace(/\s+/g, ' ').trim(), QUESTION_ECHO))}`;
}

export interface AnswerView {
  question: string;
  results: AnswerResult[];
  /** Key under which the question is remembered for the buttons. */
  key: string;
  /** Index of the first result shown. */
  offset: number;
  /** Whether more results may follow. */
  hasMore: boolean;
  isPublic: boolean;
}

/** /ask's answer: the question, up to three quoted passages, More and (when private) Share. */
export function answerReply(view: AnswerView): Reply {
  const buttons: APIButtonComponent[] = [];
  if (view.hasMore) buttons.push(button(`more:${view.key}:${view.offset + ANSWERS_PER_PAGE}`, 'More'));
  if (!view.isPublic) buttons.push(button(`share:${view.key}:${view.offset}`, 'Share', ButtonStyle.Primary));
  return {
    content: questionLine(view.question),
    embeds: resultEmbeds(view.results),
    components: buttons.length > 0 ? [{ type: ComponentType.ActionRow, components: buttons }] : [],
    allowedMentions: NO_MENTIONS,
  };
}

/** The plain "not covered" answer, with the closest notes to read instead. */
export function notCoveredReply(question: string, closest: { title: string; noteUrl: string }[]): Reply {
  const titles = [...new Map(closest.map((c) => [c.noteUrl, c])).values()].slice(0, 3);
  const lines = [questionLine(question), '', "The notes don't cover this."];
  if (titles.length > 0) {
    lines.push('Closest notes: ' + titles.map((t) => `[${escapeUserText(truncate(t.title, 120))}](<${t.noteUrl}>)`).join(' · '));
  }
  return { content: truncate(lines.join('\n'), LIMITS.content), embeds: [], components: [], allowedMentions: NO_MENTIONS };
}

/** A passage as a block quote with attribution and link, for dropping into a discussion. */
export function quoteReply(result: AnswerResult): Reply {
  const attribution = `— **${escapeUserText(truncate(result.title, 200))}**, Lu Heng${result.date ? ` (${escapeUserText(result.date)})` : ''}\n<${result.url}>`;
  const room = LIMITS.content - attribution.length - 20;
  const body = truncate(escapeUserText(result.text), room)
    .split('\n')
    .map((line) => `> ${line}`)
    .join('\n');
  return { content: `${body}\n${attribution}`, allowedMentions: NO_MENTIONS };
}

export interface ClaimView {
  claim: string;
  found: boolean;
  results: AnswerResult[];
  /** Per result, the claim's specific terms it holds. */
  matched: string[][];
  specifics: string[];
}

/** /claim's answer: the passages that hold the claim, or a plain "not in the notes". */
export function claimReply(view: ClaimView): Reply {
  const head = `**Claim:** ${escapeUserText(truncate(view.claim.replace(/\s+/g, ' ').trim(), QUESTION_ECHO))}`;
  if (!view.found) {
    const lines = [head, '', 'The notes do not contain this claim.'];
    if (view.results.length > 0) {
      lines.push(
        'Passages that hold part of it: ' +
          view.results
            .slice(0, 3)
            .map((r, i) => `[${escapeUserText(truncate(r.title, 100))}](<${r.url}>) (${view.matched[i]!.length}/${view.specifics.length} terms)`)
            .join(' · '),
      );
    }
    return { content: truncate(lines.join('\n'), LIMITS.content), embeds: [], components: [], allowedMentions: NO_MENTIONS };
  }
  return { content: `${head}\nThe notes say:`, embeds: resultEmbeds(view.results), components: [], allowedMentions: NO_MENTIONS };
}

/** One page of the list of notes, newest first, with Previous and Next. */
export function notesReply(notes: Note[], page: number, filter: string): Reply {
  const pages = Math.max(1, Math.ceil(notes.length / NOTES_PER_PAGE));
  const current = Math.min(Math.max(0, page), pages - 1);
  const shown = notes.slice(current * NOTES_PER_PAGE, (current + 1) * NOTES_PER_PAGE);
  const lines = shown.map((n) => `• [${escapeUserText(truncate(n.title, 200))}](<${n.url}>)${n.date ? ` — ${escapeUserText(n.date)}` : ''}`);
  const filterId = filter.slice(0, LIMITS.customId - 'notes:999:'.length);
  const components: APIActionRowComponent<APIButtonComponent>[] =
    pages > 1
      ? [
          {
            type: ComponentType.ActionRow,
            components: [
              { ...button(`notes:${current - 1}:${filterId}`, 'Previous'), disabled: current === 0 },
              { ...button(`notes:${current + 1}:${filterId}`, 'Next'), disabled: current >= pages - 1 },
            ],
          },
        ]
      : [];
  const title = filter ? `Notes matching “${truncate(filter, 100)}”` : 'Notes';
  return {
    embeds: [
      {
        title: truncate(title, LIMITS.embedTitle),
        description: lines.length > 0 ? truncate(lines.join('\n'), LIMITS.embedDescription) : 'No note matches that filter.',
        color: COLOR,
        footer: { text: `Page ${current + 1} of ${pages} · ${notes.length} notes` },
      },
    ],
    components,
    allowedMentions: NO_MENTIONS,
  };
}

/** A short reply to the person who asked, for bad input and refusals. */
export function notice(text: string): Reply {
  return { content: truncate(text, LIMITS.content), embeds: [], components: [], allowedMentions: NO_MENTIONS };
}
