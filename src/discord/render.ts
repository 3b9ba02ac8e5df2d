import {
  ButtonStyle,
  ComponentType,
  type APIActionRowComponent,
  type APIButtonComponent,
  type APIButtonComponentWithCustomId,
  type APIComponentInMessageActionRow,
  type APIEmbed,
} from 'discord.js';
import type { AnswerResult } from '../answer/answer.js';
import type { ClaimVerdict } from '../search/claim.js';
import type { NoteInfo } from '../notes/note.js';
import type { Catalogue } from './i18n/index.js';
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
/** A weak answer is drawn in grey: it must not look like a strong one. */
const WEAK_COLOR = 0x70757d;
/** The question as echoed above the answer: one line on a phone. */
const QUESTION_ECHO = 150;
/**
 * Characters of passage text per result in the default answer: three of them, the question and
 * the titles come to about 1,200, one screen on a phone. The whole passage is a tap away.
 */
export const EXCERPT = 300;

/**
 * A note's date as Discord draws a timestamp: in each reader's own format and language. Noon UTC,
 * so that the day is the same in every time zone. A date that is not ISO stays as written.
 */
export function discordDate(date: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return escapeUserText(date);
  return `<t:${Math.floor(Date.parse(`${date}T12:00:00Z`) / 1000)}:D>`;
}

/** A moment as Discord draws it relative to now ("in 4 seconds"), in the reader's language. */
export function discordRelative(at: Date): string {
  return `<t:${Math.ceil(at.getTime() / 1000)}:R>`;
}

/** A link whose text is untrusted: the text shows as written, the address sits inside <…>. */
export function maskedLink(text: string, url: string): string {
  return `[${escapeUserText(text)}](<${url}>)`;
}

/**
 * The sentence(s) that answer, in bold and first, then what follows them in their paragraph as
 * far as `max` allows: the key sentence is the first thing a phone reader sees.
 */
export function excerpt(result: Pick<AnswerResult, 'text' | 'quote'>, max: number): string {
  const at = result.text.indexOf(result.quote);
  if (at < 0) return escapeUserText(truncate(result.text, max));
  const quote = truncate(result.quote, max - 4);
  const bold = `**${escapeUserText(quote)}**`;
  const rest = result.text.slice(at + result.quote.length);
  const paragraph = rest.split('\n')[0]!.trim();
  const room = max - quote.length - 6;
  if (quote !== result.quote) return bold;
  if (paragraph && room >= 40) {
    const tail = truncate(paragraph, room);
    const more = tail !== paragraph || rest.trim().length > paragraph.length;
    return `${bold} ${escapeUserText(tail)}${more && !tail.endsWith('…') ? ' …' : ''}`;
  }
  return rest.trim() ? `${bold} …` : bold;
}

/** The small grey line under a passage: where in the note it is, and the note's date. */
function whereLine(result: AnswerResult): string {
  const parts = [result.heading ? escapeUserText(truncate(result.heading, 120)) : '', result.date ? discordDate(result.date) : ''].filter(Boolean);
  return parts.length > 0 ? `\n-# ${parts.join(' · ')}` : '';
}

/** One passage of the default answer: its title links to the quoted sentence in the note. */
export function resultEmbed(result: AnswerResult, weak: boolean): APIEmbed {
  return {
    title: truncate(result.title, LIMITS.embedTitle),
    url: result.url,
    description: excerpt(result, EXCERPT) + whereLine(result),
    color: weak ? WEAK_COLOR : COLOR,
  };
}

function button(customId: string, label: string, style: ButtonStyle.Primary | ButtonStyle.Secondary = ButtonStyle.Secondary): APIButtonComponentWithCustomId {
  return { type: ComponentType.Button, custom_id: customId.slice(0, LIMITS.customId), label: truncate(label, LIMITS.buttonLabel), style };
}

export function questionLine(question: string, m: Catalogue): string {
  return `**${m.asked}:** ${escapeUserText(truncate(question.replace(/\s+/g, ' ').trim(), QUESTION_ECHO))}`;
}

export interface AnswerView {
  question: string;
  /** A link to the message the question is, for the "Search notes" menu: shown instead of the question. */
  messageLink?: string;
  results: AnswerResult[];
  weak: boolean;
  /** For a long message: the sentence it was searched for. */
  searchedFor?: string;
  /** Key under which the answer is remembered for the buttons. */
  key: string;
  /** Index of the first result shown. */
  offset: number;
  hasMore: boolean;
  isPublic: boolean;
  /** Who shared it, as a mention (that pings no one): the public copy says so, with no buttons but the votes. */
  sharedBy?: string;
  /** Whether to ask for feedback (Helpful, Not helpful): when the question log is on. */
  votes: boolean;
}

/** The feedback buttons of an answer, under the key its question is logged by. */
export function voteRow(key: string, m: Catalogue): APIActionRowComponent<APIButtonComponent> {
  return {
    type: ComponentType.ActionRow,
    components: [button(`vote:${key}:1`, m.helpful), button(`vote:${key}:0`, m.notHelpful)],
  };
}

/**
 * /ask's answer, one screen: the question, then per passage the sentence that answers (bold,
 * first) with a little of what follows, and the title linking to the sentence in its note.
 * More shows the next passages, Whole passages the full text, Share (private answers) posts it.
 */
export function answerReply(view: AnswerView, m: Catalogue): Reply {
  const head = [view.sharedBy ? m.sharedBy(view.sharedBy) : '', view.messageLink ? m.searchedMessage(view.messageLink) : questionLine(view.question, m)];
  if (view.searchedFor) head.push(`-# ${m.searchedFor(escapeUserText(truncate(view.searchedFor.replace(/\s+/g, ' ').trim(), QUESTION_ECHO)))}`);
  if (view.weak) head.push(`-# ${m.weakAnswer}`);
  const buttons: APIButtonComponent[] = [];
  if (!view.sharedBy) {
    if (view.hasMore) buttons.push(button(`more:${view.key}:${view.offset + ANSWERS_PER_PAGE}`, m.more));
    buttons.push(button(`full:${view.key}:${view.offset}`, m.wholePassages));
    if (!view.isPublic) buttons.push(button(`share:${view.key}:${view.offset}`, m.share, ButtonStyle.Primary));
  }
  const rows: APIActionRowComponent<APIButtonComponent>[] = buttons.length > 0 ? [{ type: ComponentType.ActionRow, components: buttons }] : [];
  if (view.votes) rows.push(voteRow(view.key, m));
  return {
    content: truncate(head.filter(Boolean).join('\n'), LIMITS.content),
    embeds: view.results.slice(0, ANSWERS_PER_PAGE).map((r) => resultEmbed(r, view.weak)),
    components: rows,
    allowedMentions: NO_MENTIONS,
  };
}

/** The passages of an answer in full, the quote in bold where it stands, for the reader alone. */
export function wholePassagesReply(results: AnswerResult[]): Reply {
  const shown = results.slice(0, ANSWERS_PER_PAGE);
  const budget = Math.floor((LIMITS.embedTotal - 200 - shown.reduce((n, r) => n + Math.min(r.title.length, LIMITS.embedTitle), 0)) / Math.max(1, shown.length));
  const embeds = shown.map((r): APIEmbed => {
    const where = whereLine(r);
    const room = Math.min(LIMITS.embedDescription, budget) - where.length;
    const at = r.text.indexOf(r.quote);
    const full =
      at < 0 || r.text.length > room
        ? excerpt(r, room)
        : `${escapeUserText(r.text.slice(0, at))}**${escapeUserText(r.quote)}**${escapeUserText(r.text.slice(at + r.quote.length))}`;
    return { title: truncate(r.title, LIMITS.embedTitle), url: r.url, description: full + where, color: COLOR };
  });
  return { embeds, components: [], allowedMentions: NO_MENTIONS };
}

/** The private message's buttons after Share: Share says it is done and cannot be pressed again. */
export function markShared<R extends APIActionRowComponent<APIComponentInMessageActionRow>>(rows: R[], m: Catalogue): R[] {
  return rows.map((row) => ({
    ...row,
    components: row.components.map((c) =>
      c.type === ComponentType.Button && 'custom_id' in c && c.custom_id.startsWith('share:') ? { ...c, label: m.shared, disabled: true } : c,
    ),
  }));
}

/** The plain "not covered" answer, with the closest notes to read instead: no embeds, unlike an answer. */
export function notCoveredReply(
  question: string,
  closest: { title: string; noteUrl: string }[],
  m: Catalogue,
  options: { messageLink?: string; votes?: string } = {},
): Reply {
  const titles = [...new Map(closest.map((c) => [c.noteUrl, c])).values()].slice(0, 3);
  const lines = [options.messageLink ? m.searchedMessage(options.messageLink) : questionLine(question, m), '', `**${m.notCovered}**`];
  if (titles.length > 0) lines.push(`${m.closestNotes} ${titles.map((t) => maskedLink(truncate(t.title, 120), t.noteUrl)).join(' · ')}`);
  return {
    content: truncate(lines.join('\n'), LIMITS.content),
    embeds: [],
    components: options.votes ? [voteRow(options.votes, m)] : [],
    allowedMentions: NO_MENTIONS,
  };
}

/** A passage as a block quote, for dropping into a discussion: attribution and a link that reads. */
export function quoteReply(result: AnswerResult, m: Catalogue): Reply {
  const attribution = `— **${maskedLink(truncate(result.title, 200), result.url)}**, ${m.author}${result.date ? ` · ${discordDate(result.date)}` : ''}`;
  const room = LIMITS.content - attribution.length - 20;
  const body = truncate(escapeUserText(result.text), room)
    .split('\n')
    .map((line) => `> ${line}`)
    .join('\n');
  return { content: `${body}\n${attribution}`, allowedMentions: NO_MENTIONS };
}

export interface ClaimView {
  claim: string;
  /** The key the claim is logged by, for its feedback buttons; none when the log is off. */
  votes?: string;
  verdict: ClaimVerdict;
  /** The quotes for the verdict: what states the claim, where its numbers appear, or the closest. */
  results: AnswerResult[];
}

const listed = (terms: string[]) => terms.map((t) => `\`${t.replace(/`/g, "'")}\``).join(', ');

/** /claim's verdict: stated (with the quote), its numbers in another context, or not in the notes. */
export function claimReply(view: ClaimView, m: Catalogue): Reply {
  const v = view.verdict;
  const lines = [`**${m.claim}:** ${escapeUserText(truncate(view.claim.replace(/\s+/g, ' ').trim(), QUESTION_ECHO))}`];
  lines.push(`**${v.kind === 'stated' ? m.verdictStated : v.kind === 'other-context' ? m.verdictOtherContext : m.verdictNotFound}**`);
  const terms = [v.found.length > 0 ? m.termsFound(listed(v.found)) : '', v.missing.length > 0 ? m.termsMissing(listed(v.missing)) : ''].filter(Boolean);
  if (terms.length > 0) lines.push(`-# ${terms.join(' · ')}`);
  if (v.kind === 'not-found' && view.results.length > 0) lines.push(m.closestQuotes);
  return {
    content: truncate(lines.join('\n'), LIMITS.content),
    embeds: view.results.slice(0, ANSWERS_PER_PAGE).map((r) => resultEmbed(r, v.kind !== 'stated')),
    components: view.votes ? [voteRow(view.votes, m)] : [],
    allowedMentions: NO_MENTIONS,
  };
}

/** One page of the list of notes, newest first, with Previous and Next. */
export function notesReply(notes: NoteInfo[], page: number, filter: string, m: Catalogue): Reply {
  const pages = Math.max(1, Math.ceil(notes.length / NOTES_PER_PAGE));
  const current = Math.min(Math.max(0, page), pages - 1);
  const shown = notes.slice(current * NOTES_PER_PAGE, (current + 1) * NOTES_PER_PAGE);
  const lines = shown.map((n) => `• ${maskedLink(truncate(n.title, 200), n.url)}${n.date ? ` — ${discordDate(n.date)}` : ''}`);
  const filterId = filter.slice(0, LIMITS.customId - 'notes:999:'.length);
  const components: APIActionRowComponent<APIButtonComponent>[] =
    pages > 1
      ? [
          {
            type: ComponentType.ActionRow,
            components: [
              { ...button(`notes:${current - 1}:${filterId}`, m.previous), disabled: current === 0 },
              { ...button(`notes:${current + 1}:${filterId}`, m.next), disabled: current >= pages - 1 },
            ],
          },
        ]
      : [];
  return {
    embeds: [
      {
        title: truncate(filter ? m.notesMatching(truncate(filter, 100)) : m.notesTitle, LIMITS.embedTitle),
        description: lines.length > 0 ? truncate(lines.join('\n'), LIMITS.embedDescription) : m.noNoteMatches,
        color: COLOR,
        footer: { text: m.page(current + 1, pages, notes.length) },
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
