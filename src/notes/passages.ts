import { createHash } from 'node:crypto';
import { textBlocks, type TextBlock } from './markdown.js';
import type { Note } from './note.js';
import { countWords, sentenceSpans } from './sentences.js';

/** Bumped whenever the chunker's output changes, so that existing indexes are rebuilt. */
export const CHUNKER_VERSION = 1;

export interface Passage {
  /** A content hash: the same note, headings and text always give the same id. */
  id: string;
  noteId: string;
  title: string;
  url: string;
  date?: string;
  /** The headings above the passage inside the note, outermost first (the note's title excluded). */
  headings: string[];
  /** The text as a reader sees it: Markdown removed, paragraphs separated by a blank line. */
  text: string;
  /** Offsets into the note's Markdown body: body.slice(start, end) is the passage's source. */
  start: number;
  end: number;
}

export interface ChunkOptions {
  minWords: number;
  targetWords: number;
  maxWords: number;
}

export const DEFAULT_CHUNKING: ChunkOptions = { minWords: 40, targetWords: 120, maxWords: 200 };

/** A run of whole sentences from one block. */
interface Unit {
  block: number;
  text: string;
  start: number;
  end: number;
  words: number;
  headings: string[];
}

/** Source offsets of a span of a block's text, placed in the whitespace between sentences. */
function sourceRange(block: TextBlock, body: string, from: number, to: number): { start: number; end: number } {
  let start = from === 0 ? block.start : block.offsets[from]!;
  if (from > 0) {
    // Opening markup ("**") stands between the whitespace and the first letter: take it along.
    const floor = block.offsets[from - 1]! + 1;
    while (start > floor && !/\s/.test(body[start - 1]!)) start--;
  }
  let end = to >= block.text.length ? block.end : block.offsets[to - 1]! + 1;
  if (to < block.text.length) {
    const ceiling = block.offsets[to]!;
    while (end < ceiling && !/\s/.test(body[end]!)) end++;
  }
  return { start, end };
}

/** Cuts one block into units of at most maxWords, at sentence ends only, of balanced sizes. */
function blockUnits(block: TextBlock, index: number, body: string, maxWords: number): Unit[] {
  const whole = countWords(block.text);
  const unit = (from: number, to: number, words: number): Unit => ({
    block: index,
    text: block.text.slice(from, to),
    words,
    headings: block.headings,
    ...sourceRange(block, body, from, to),
  });
  if (whole <= maxWords) return [unit(0, block.text.length, whole)];
  // 300 words become two units of 150 rather than 200 and a stub of 100.
  const share = whole / Math.ceil(whole / maxWords);
  const units: Unit[] = [];
  let from: number | undefined;
  let to = 0;
  let words = 0;
  for (const s of sentenceSpans(block.text)) {
    const w = countWords(block.text.slice(s.start, s.end));
    if (from !== undefined && (words + w > maxWords || words >= share)) {
      units.push(unit(from, to, words));
      from = undefined;
      words = 0;
    }
    from ??= s.start;
    to = s.end;
    words += w;
  }
  if (from !== undefined) units.push(unit(from, to, words));
  return units;
}

function sameHeadings(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((h, i) => h === b[i]);
}

function joinUnits(units: Unit[]): string {
  return units.map((u, i) => (i === 0 ? '' : u.block === units[i - 1]!.block ? ' ' : '\n\n') + u.text).join('');
}

/**
 * Splits a note into passages that read well alone: never across a heading, never inside a
 * sentence, about targetWords long and at most maxWords unless one sentence is longer.
 */
export function notePassages(note: Note, options: ChunkOptions = DEFAULT_CHUNKING, blocks: TextBlock[] = textBlocks(note.body)): Passage[] {
  const units = blocks.flatMap((b, i) => blockUnits(b, i, note.body, options.maxWords));
  const groups: Unit[][] = [];
  let current: Unit[] = [];
  let words = 0;
  for (const u of units) {
    const fits = current.length > 0 && sameHeadings(current[0]!.headings, u.headings) && words < options.targetWords && words + u.words <= options.maxWords;
    if (current.length > 0 && !fits) {
      groups.push(current);
      current = [];
      words = 0;
    }
    current.push(u);
    words += u.words;
  }
  if (current.length > 0) groups.push(current);

  // A short tail reads better joined to the passage before it in the same section.
  const merged: Unit[][] = [];
  for (const group of groups) {
    const prev = merged[merged.length - 1];
    const size = (g: Unit[]) => g.reduce((n, u) => n + u.words, 0);
    if (prev && size(group) < options.minWords && sameHeadings(prev[0]!.headings, group[0]!.headings) && size(prev) + size(group) <= options.maxWords) {
      prev.push(...group);
    } else merged.push([...group]);
  }

  const seen = new Map<string, number>();
  return merged.map((group) => {
    const headings = group[0]!.headings.filter((h, i) => !(i === 0 && h === note.title));
    const text = joinUnits(group);
    const hash = createHash('sha256')
      .update(`${note.id}\0${note.title}\0${note.url}\0${headings.join('\0')}\0${text}`)
      .digest('hex')
      .slice(0, 16);
    const n = (seen.get(hash) ?? 0) + 1;
    seen.set(hash, n);
    return {
      id: n === 1 ? hash : `${hash}-${n}`,
      noteId: note.id,
      title: note.title,
      url: note.url,
      ...(note.date ? { date: note.date } : {}),
      headings,
      text,
      start: group[0]!.start,
      end: group[group.length - 1]!.end,
    };
  });
}
