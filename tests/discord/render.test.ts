import { describe, expect, it } from 'vitest';
import type { AnswerResult } from '../../src/answer/answer.js';
import { Cooldown } from '../../src/discord/cooldown.js';
import { escapeUserText, LIMITS, truncate } from '../../src/discord/limits.js';
import { noteChoices } from '../../src/discord/notes-lookup.js';
import { en } from '../../src/discord/i18n/index.js';
import { answerReply, discordDate, excerpt, notesReply, quoteReply, wholePassagesReply } from '../../src/discord/render.js';
import type { Note } from '../../src/notes/note.js';
import { claimSpecifics } from '../../src/search/claim.js';

function result(text: string, quote: string, title = 'A Note'): AnswerResult {
  return {
    url: 'https://dev.heng.lu/a#:~:text=x',
    noteUrl: 'https://dev.heng.lu/a',
    title,
    heading: 'Part',
    text,
    quote,
    score: 1,
    noteId: 'a',
    passageId: 'p',
  };
}

describe('limits', () => {
  it('cuts at a sentence end with an ellipsis when one is near', () => {
    const text = 'First sentence here. Second sentence is a good deal longer than the first one.';
    expect(truncate(text, 36)).toBe('First sentence here. …');
    expect(truncate(text, 60)).toBe('First sentence here. Second sentence is a good deal…');
    expect(truncate(text, 200)).toBe(text);
    expect(truncate('word '.repeat(100), 50).length).toBeLessThanOrEqual(50);
  });

  it('escapes Markdown and defuses mentions in echoed text', () => {
    const escaped = escapeUserText('**bold** @everyone <@123> @here');
    expect(escaped).toBe('\\*\\*bold\\*\\* @\u200beveryone <\u200b@\u200b123> @\u200bhere');
  });
});

describe('render', () => {
  it('puts the sentence that answers first, in bold, with what follows it in its paragraph', () => {
    const r = result('Before it. The quoted sentence. After it, in the same paragraph.\n\nA later paragraph.', 'The quoted sentence.');
    expect(excerpt(r, 300)).toBe('**The quoted sentence.** After it, in the same paragraph. …');
    const long = result(`Lead. The quoted sentence. ${'Tail words here. '.repeat(200)}`, 'The quoted sentence.');
    const cut = excerpt(long, 300);
    expect(cut.length).toBeLessThanOrEqual(300);
    expect(cut).toMatch(/^\*\*The quoted sentence\.\*\* Tail words here\./);
    expect(excerpt(result('Only this.', 'Only this.'), 300)).toBe('**Only this.**');
  });

  it('keeps the default answer to one screen, and the whole passages within the embed limits', () => {
    const huge = 'A sentence that goes on. '.repeat(400);
    const results = [1, 2, 3].map((i) => result(huge, 'A sentence that goes on.', `Title ${i} ${'x'.repeat(300)}`));
    const reply = answerReply({ question: 'q', results, weak: false, key: 'k', offset: 0, hasMore: true, isPublic: false, votes: true }, en);
    const text = (reply.content ?? '').length + reply.embeds!.reduce((n, e) => n + (e.description?.length ?? 0), 0);
    expect(text).toBeLessThanOrEqual(1_000);
    for (const e of reply.embeds!) expect(e.title!.length).toBeLessThanOrEqual(LIMITS.embedTitle);
    const whole = wholePassagesReply(results);
    const total = whole.embeds!.reduce((n, e) => n + (e.title?.length ?? 0) + (e.description?.length ?? 0), 0);
    expect(total).toBeLessThanOrEqual(LIMITS.embedTotal);
  });

  it('shows dates as Discord timestamps at noon UTC, and other dates as written', () => {
    expect(discordDate('2025-09-17')).toBe(`<t:${Date.UTC(2025, 8, 17, 12) / 1000}:D>`);
    expect(discordDate('sometime soon')).toBe('sometime soon');
  });

  it('fits a quote of a long passage in one message', () => {
    const reply = quoteReply(result('Word and more words. '.repeat(300), 'Word and more words.'), en);
    expect(reply.content!.length).toBeLessThanOrEqual(LIMITS.content);
    expect(reply.content).toMatch(/^> /);
  });

  it('pages the notes and keeps custom ids within 100 characters', () => {
    const notes: Note[] = Array.from({ length: 23 }, (_, i) => ({
      id: `n${i}`,
      file: `n${i}.md`,
      title: `Note ${i}`,
      url: `https://dev.heng.lu/n${i}`,
      tags: [],
      body: 'x',
    }));
    const reply = notesReply(notes, 2, 'f'.repeat(200), en);
    expect(reply.embeds![0]!.footer!.text).toBe('Page 3 of 3 · 23 notes');
    for (const button of reply.components![0]!.components) expect((button as { custom_id: string }).custom_id.length).toBeLessThanOrEqual(100);
  });

  it('shows a hostile title as the characters it is: no masked link, heading or list of its own', () => {
    const note: Note = {
      id: 'n',
      file: 'n.md',
      title: 'Line one # Heading [Free Nitro](https://evil.example)',
      url: 'https://dev.heng.lu/n',
      tags: [],
      body: 'x',
    };
    const line = notesReply([note], 0, '', en).embeds![0]!.description!;
    expect(line).toBe('• [Line one # Heading \\[Free Nitro\\]\\(https://evil.example\\)](<https://dev.heng.lu/n>)');
    const quoted = quoteReply({ ...result('Text of the note. [Click](https://evil.example)', 'Text of the note.'), title: note.title }, en).content!;
    expect(quoted).not.toMatch(/(^|[^\\])\[(Click|Free Nitro)\]\(/);
  });
});

describe('note choices', () => {
  const notes: Note[] = Array.from({ length: 40 }, (_, i) => ({
    id: `n${i}`,
    file: '',
    title: `${i % 2 ? 'Registry' : 'Market'} essay ${i} ${'long '.repeat(30)}`,
    url: '',
    tags: [],
    body: '',
  }));

  it('offers at most 25 choices with names of at most 100 characters, best matches first', () => {
    const choices = noteChoices(notes, 'regis');
    expect(choices.length).toBe(20);
    expect(noteChoices(notes, '').length).toBe(25);
    for (const c of noteChoices(notes, '')) expect(c.name.length).toBeLessThanOrEqual(100);
    expect(noteChoices(notes, 'essay 7')[0]!.value).toBe('n7');
  });
});

describe('claims and cooldown', () => {
  it('checks a claim by its numbers, identifiers and names', () => {
    expect(claimSpecifics('IPv4 could be worth $60 trillion per ICP-2')).toEqual([
      { term: 'ipv4', raw: 'IPv4' },
      { term: '$60', raw: '$60' },
      { term: 'icp-2', raw: 'ICP-2' },
    ]);
    expect(claimSpecifics('registries have no authority').map((s) => s.term)).toEqual(['registri', 'author']);
  });

  it('makes a user wait, not others, and lets them go on after the wait', () => {
    let now = 0;
    const cooldown = new Cooldown(5, () => now);
    expect(cooldown.take('a')).toBe(0);
    expect(cooldown.take('a')).toBe(5);
    expect(cooldown.take('b')).toBe(0);
    now = 5000;
    expect(cooldown.take('a')).toBe(0);
  });
});
