import { describe, expect, it } from 'vitest';
import { markdownToText, textBlocks } from '../../src/notes/markdown.js';
import type { Note } from '../../src/notes/note.js';
import { DEFAULT_CHUNKING, notePassages } from '../../src/notes/passages.js';
import { countWords, sentenceSpans } from '../../src/notes/sentences.js';

function makeNote(body: string, extra: Partial<Note> = {}): Note {
  return { id: 'n', file: 'n.md', title: 'A Note', url: 'https://dev.heng.lu/n', tags: [], body, ...extra };
}

/** Sentence i of a made-up essay: distinct words so each is recognisable, 12 words long. */
function sentence(i: number): string {
  return `Sentence number ${i} says that registry ${i} keeps record ${i} for holders everywhere.`;
}

function paragraph(from: number, count: number): string {
  return Array.from({ length: count }, (_, i) => sentence(from + i)).join(' ');
}

describe('textBlocks', () => {
  it('removes Markdown and maps every character back to its source', () => {
    const md = '# Title\n\nSome **bold** and [a link](https://x.y) with `code` &amp; more.\n\n> quoted\n\n- item *one*\n';
    const blocks = textBlocks(md);
    expect(blocks.map((b) => b.text)).toEqual(['Some bold and a link with code & more.', 'quoted', 'item one']);
    for (const b of blocks) {
      b.offsets.forEach((o, i) => {
        if (b.text[i] !== ' ' && b.text[i] !== '&') expect(md[o]).toBe(b.text[i]);
      });
    }
    expect(blocks[0]!.headings).toEqual(['Title']);
  });

  it('treats each line as a paragraph in a note pasted without blank lines', () => {
    expect(textBlocks('First line here.\nSecond line here.').map((b) => b.text)).toEqual(['First line here.', 'Second line here.']);
    // With blank lines elsewhere, a line break inside a paragraph is just a wrapped line.
    expect(textBlocks('Wrapped\nline.\n\nNext.').map((b) => b.text)).toEqual(['Wrapped line.', 'Next.']);
  });
});

describe('sentenceSpans', () => {
  it('does not end a sentence at an abbreviation or inside a number', () => {
    const text = 'Mr. Smith paid $4.3 billion, i.e. a lot. Then he left.';
    expect(sentenceSpans(text).map((s) => text.slice(s.start, s.end))).toEqual(['Mr. Smith paid $4.3 billion, i.e. a lot.', 'Then he left.']);
  });
});

describe('notePassages', () => {
  const body = [
    `Lead paragraph. ${paragraph(1, 3)}`,
    '## First Section',
    paragraph(10, 6),
    paragraph(20, 6),
    paragraph(30, 6),
    '## Second Section',
    '### Deeper',
    `A **bold** claim: ${paragraph(40, 2)}`,
    paragraph(50, 25),
  ].join('\n\n');
  const note = makeNote(body);
  const passages = notePassages(note);

  it('round-trips: each passage is the plain text of its source range', () => {
    for (const p of passages) {
      expect(markdownToText(body.slice(p.start, p.end))).toBe(p.text);
    }
  });

  it('never cuts inside a sentence', () => {
    const all = new Set(Array.from({ length: 80 }, (_, i) => sentence(i)));
    for (const p of passages) {
      for (const s of sentenceSpans(p.text)) {
        const piece = p.text.slice(s.start, s.end);
        if (piece.startsWith('Sentence number')) expect(all.has(piece)).toBe(true);
      }
      expect(p.text).toMatch(/[.!?]$/);
    }
  });

  it('keeps passages within the size limits and never across a heading', () => {
    for (const p of passages) expect(countWords(p.text)).toBeLessThanOrEqual(DEFAULT_CHUNKING.maxWords);
    // 25 sentences of 12 words cannot stand in one passage: the long paragraph is split.
    expect(passages.filter((p) => p.headings.join('/') === 'Second Section/Deeper').length).toBeGreaterThanOrEqual(2);
    expect(passages[0]!.headings).toEqual([]);
    expect(passages.some((p) => p.text.includes('Lead paragraph') && p.text.includes('number 10'))).toBe(false);
    const sizes = passages.map((p) => countWords(p.text));
    expect(Math.min(...sizes)).toBeGreaterThanOrEqual(DEFAULT_CHUNKING.minWords);
  });

  it('separates paragraphs in a passage with a blank line', () => {
    const first = passages.find((p) => p.headings[0] === 'First Section')!;
    expect(first.text).toContain('\n\n');
  });

  it('splits a note without blank lines, by lines and sentences', () => {
    const flat = makeNote(Array.from({ length: 30 }, (_, i) => paragraph(i * 3, 3)).join('\n'));
    const ps = notePassages(flat);
    expect(ps.length).toBeGreaterThan(3);
    for (const p of ps) expect(countWords(p.text)).toBeLessThanOrEqual(DEFAULT_CHUNKING.maxWords);
    const single = makeNote(paragraph(0, 60));
    expect(notePassages(single).length).toBeGreaterThan(3);
  });

  it('gives stable ids from the content: an edit changes only the passages it touches', () => {
    expect(notePassages(note).map((p) => p.id)).toEqual(passages.map((p) => p.id));
    const edited = notePassages(makeNote(body.replace('Sentence number 60 ', 'Sentence number 60 (edited) ')));
    const changed = edited.filter((p) => !passages.some((q) => q.id === p.id));
    expect(changed.length).toBe(1);
    expect(changed[0]!.text).toContain('(edited)');
    expect(new Set(passages.map((p) => p.id)).size).toBe(passages.length);
  });

  it('carries the note metadata and leaves the title out of the heading path', () => {
    const ps = notePassages(makeNote('# A Note\n\n## Part\n\nText of the part.', { date: '2025-01-02' }));
    expect(ps[0]).toMatchObject({
      noteId: 'n',
      title: 'A Note',
      url: 'https://dev.heng.lu/n',
      date: '2025-01-02',
      headings: ['Part'],
      text: 'Text of the part.',
    });
  });
});
