import { escapeMarkdown } from 'discord.js';

/** Discord's limits on what a message may hold; a reply over them is rejected outright. */
export const LIMITS = {
  content: 2000,
  embeds: 10,
  embedTotal: 6000,
  embedTitle: 256,
  embedDescription: 4096,
  embedFooter: 2048,
  embedAuthor: 256,
  fieldValue: 1024,
  choices: 25,
  choiceName: 100,
  choiceValue: 100,
  customId: 100,
  buttonLabel: 80,
} as const;

/**
 * Shortens text to at most `max` characters, at the end of a sentence when one is near enough,
 * else at a word, and marks the cut with an ellipsis.
 */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  const room = text.slice(0, Math.max(0, max - 2));
  const sentenceEnd = Math.max(room.lastIndexOf('. '), room.lastIndexOf('! '), room.lastIndexOf('? '), room.lastIndexOf('.\n'));
  if (sentenceEnd >= max * 0.5) return `${room.slice(0, sentenceEnd + 1)} …`;
  const wordEnd = room.lastIndexOf(' ');
  return `${wordEnd >= max * 0.5 ? room.slice(0, wordEnd) : room.slice(0, max - 1)}…`;
}

/**
 * Makes text the bot did not write (a question, a claim, a note's text or title) show as written:
 * no Markdown takes effect (masked links, headings and lists included, so "[Free Nitro](https://…)"
 * shows as those characters under the bot's name), and no mention can ping or even render as one
 * (a zero-width space after each @). allowedMentions is empty on every message as well.
 */
export function escapeUserText(text: string): string {
  return escapeMarkdown(text, { heading: true, bulletedList: true, numberedList: true })
    .replace(/[[\]()]/g, '\\$&')
    .replace(/@/g, '@\u200b')
    .replace(/<(?=[@#]|a?:)/g, '<\u200b');
}

/** No one is ever pinged by the bot, whatever the text says. */
export const NO_MENTIONS = { parse: [] as never[], repliedUser: false };
