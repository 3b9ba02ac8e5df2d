import type { Nodes, Parents, PhrasingContent, Root, RootContent } from 'mdast';
import { fromMarkdown } from 'mdast-util-from-markdown';
import { gfmFromMarkdown } from 'mdast-util-gfm';
import { gfm } from 'micromark-extension-gfm';

/**
 * A block of text as a reader sees it (a paragraph, a list item's paragraph, a quote's
 * paragraph), with a map from each character of `text` back to the Markdown source, so that
 * passages and quotes can point at the exact place in the note.
 */
export interface TextBlock {
  /** Offsets into the Markdown body: body.slice(start, end) is the block's source. */
  start: number;
  end: number;
  text: string;
  /** offsets[i] is where text[i] comes from in the body. */
  offsets: number[];
  /** The headings above the block, outermost first. */
  headings: string[];
}

interface Flat {
  chars: string[];
  offsets: number[];
}

// GFM triples the parse time; only tables and strikethrough need it (a bare URL reads the same).
const NEEDS_GFM = /^\s*\|?\s*:?-{3,}:?\s*\||~~/m;

function parse(markdown: string): Root {
  return NEEDS_GFM.test(markdown) ? fromMarkdown(markdown, { extensions: [gfm()], mdastExtensions: [gfmFromMarkdown()] }) : fromMarkdown(markdown);
}

// The longest stretch of source one character of text can stand for: an entity such as
// "&CounterClockwiseContourIntegral;" or an escape. Looking no further keeps this linear.
const MAX_SOURCE_RUN = 64;

/** Where character c stands in source[from, to), looking at most MAX_SOURCE_RUN ahead; -1 if not there. */
function findNear(source: string, c: string, from: number, to: number): number {
  const end = Math.min(to, from + MAX_SOURCE_RUN);
  for (let j = from; j < end; j++) if (source[j] === c) return j;
  return -1;
}

function pushValue(flat: Flat, source: string, value: string, from: number, to: number): void {
  // Escapes and entities make the source longer than the value: match each character forward.
  let cursor = from;
  // By UTF-16 unit, not code point, so that offsets line up with string indexes.
  for (let i = 0; i < value.length; i++) {
    const c = value[i]!;
    const at = findNear(source, c, cursor, to);
    const offset = at >= 0 ? at : cursor;
    flat.chars.push(/\s/.test(c) ? ' ' : c);
    flat.offsets.push(offset);
    cursor = Math.min(offset + 1, to);
  }
}

function flattenInline(nodes: PhrasingContent[] | Nodes[], source: string, flat: Flat): void {
  for (const node of nodes) {
    const from = node.position?.start.offset ?? 0;
    const to = node.position?.end.offset ?? from;
    switch (node.type) {
      case 'text':
      case 'inlineCode':
        pushValue(flat, source, node.value, from, to);
        break;
      case 'break':
        flat.chars.push(' ');
        flat.offsets.push(from);
        break;
      case 'tableCell':
        flattenInline(node.children, source, flat);
        flat.chars.push(' ');
        flat.offsets.push(to);
        break;
      // Images, raw HTML and footnote markers are not text a reader reads in the sentence.
      case 'image':
      case 'imageReference':
      case 'html':
      case 'footnoteReference':
        break;
      default:
        if ('children' in node) flattenInline(node.children, source, flat);
    }
  }
}

/** Collapses whitespace runs and trims, keeping the offset map aligned. */
function normalise(flat: Flat): { text: string; offsets: number[] } {
  const chars: string[] = [];
  const offsets: number[] = [];
  for (let i = 0; i < flat.chars.length; i++) {
    const c = flat.chars[i]!;
    if (c === ' ' && (chars.length === 0 || chars[chars.length - 1] === ' ')) continue;
    chars.push(c);
    offsets.push(flat.offsets[i]!);
  }
  while (chars[chars.length - 1] === ' ') {
    chars.pop();
    offsets.pop();
  }
  return { text: chars.join(''), offsets };
}

function plain(nodes: Nodes[], source: string): { text: string; offsets: number[] } {
  const flat: Flat = { chars: [], offsets: [] };
  flattenInline(nodes, source, flat);
  return normalise(flat);
}

/** Splits a paragraph at its line breaks: used for notes pasted without blank lines. */
function splitLines(block: TextBlock, source: string): TextBlock[] {
  const parts: TextBlock[] = [];
  let from = 0;
  for (let i = 0; i <= block.text.length; i++) {
    const atBreak = i < block.text.length && block.text[i] === ' ' && source[block.offsets[i]!] === '\n';
    if (!atBreak && i < block.text.length) continue;
    if (i > from) {
      const offsets = block.offsets.slice(from, i);
      parts.push({ ...block, text: block.text.slice(from, i), offsets, start: offsets[0]!, end: offsets[offsets.length - 1]! + 1 });
    }
    from = i + 1;
  }
  if (parts.length > 0) {
    parts[0]!.start = block.start;
    parts[parts.length - 1]!.end = block.end;
  }
  return parts;
}

/**
 * Whether a block holds anything to search or quote: a letter or a digit. A paragraph of only
 * zero-width spaces, dashes or emoji is not a passage (an empty text even made the model return
 * NaN, which blinded dense ranking for every question).
 */
function hasWords(text: string): boolean {
  return /[\p{L}\p{N}]/u.test(text);
}

export interface ParsedMarkdown {
  /** The readable blocks, in order, each under its headings. */
  blocks: TextBlock[];
  /** The first level-1 heading's text: the title of a note that has none in its front matter. */
  title?: string;
}

/** One parse of a Markdown body: its blocks of text and its first H1. */
export function parseMarkdown(markdown: string): ParsedMarkdown {
  const tree = parse(markdown);
  const blocks: TextBlock[] = [];
  const headings: { depth: number; text: string }[] = [];
  const noBlankLines = !/\n[ \t]*\n/.test(markdown.trim());
  let title: string | undefined;

  const visit = (nodes: RootContent[]): void => {
    for (const node of nodes) {
      const start = node.position?.start.offset ?? 0;
      const end = node.position?.end.offset ?? start;
      if (node.type === 'heading') {
        const text = plain(node.children, markdown).text;
        if (node.depth === 1 && title === undefined && text) title = text;
        while (headings.length > 0 && headings[headings.length - 1]!.depth >= node.depth) headings.pop();
        if (text) headings.push({ depth: node.depth, text });
      } else if (node.type === 'paragraph' || node.type === 'tableRow') {
        const { text, offsets } = plain(node.children, markdown);
        if (!hasWords(text)) continue;
        const block: TextBlock = { start, end, text, offsets, headings: headings.map((h) => h.text) };
        blocks.push(...(noBlankLines && node.type === 'paragraph' ? splitLines(block, markdown) : [block]));
      } else if (node.type === 'code') {
        const { text, offsets } = plain([{ type: 'text', value: node.value, position: node.position }], markdown);
        if (hasWords(text)) blocks.push({ start, end, text, offsets, headings: headings.map((h) => h.text) });
      } else if ('children' in node) {
        visit((node as Parents).children as RootContent[]);
      }
    }
  };
  visit(tree.children);
  return { blocks, title };
}

/** The readable blocks of a Markdown body, in order, each under its headings. */
export function textBlocks(markdown: string): TextBlock[] {
  return parseMarkdown(markdown).blocks;
}

/** Markdown to the plain text a reader sees, blocks separated by blank lines. */
export function markdownToText(markdown: string): string {
  return textBlocks(markdown)
    .map((b) => b.text)
    .join('\n\n');
}
