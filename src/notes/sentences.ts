export interface Span {
  start: number;
  end: number;
}

const segmenter = new Intl.Segmenter('en', { granularity: 'sentence' });

// ICU breaks after these even mid-sentence ("Mr. Smith"); a sentence never ends on one.
const ABBREVIATION = /(?:^|\s)(?:Mr|Mrs|Ms|Dr|Prof|St|Sr|Jr|vs|etc|No|Inc|Ltd|Co|Corp|Fig|Art|Sec|cf|approx)\.\s*$/i;

const WINDOW = 4096;

/**
 * ICU's sentence segments of a text, found a window at a time: V8's segment iterator takes time
 * in proportion to the whole text for every segment, so one long paragraph took quadratic time
 * (a 1 MB note, 15 s). The last two segments of a window are read again at the start of the next,
 * so every break is decided with as much text after it as a whole-text pass would see.
 */
export function* sentenceSegments(text: string): Generator<{ index: number; segment: string }> {
  let offset = 0;
  let window = WINDOW;
  while (offset < text.length) {
    const end = Math.min(text.length, offset + window);
    const found = Array.from(segmenter.segment(text.slice(offset, end)));
    if (end === text.length) {
      for (const s of found) yield { index: offset + s.index, segment: s.segment };
      return;
    }
    // A sentence longer than the window: look further before deciding anything.
    if (found.length < 3) {
      window *= 2;
      continue;
    }
    for (const s of found.slice(0, -2)) yield { index: offset + s.index, segment: s.segment };
    offset += found[found.length - 2]!.index;
    window = WINDOW;
  }
}

/**
 * The sentences of a plain text as [start, end) spans, trailing whitespace excluded.
 * Paragraph breaks ("\n\n") always end a sentence. Linear in the text's length.
 */
export function sentenceSpans(text: string): Span[] {
  const spans: Span[] = [];
  let pendingStart: number | undefined;
  for (const { index, segment } of sentenceSegments(text)) {
    const start = pendingStart ?? index;
    const end = index + segment.trimEnd().length;
    if (ABBREVIATION.test(segment) && !segment.includes('\n')) {
      pendingStart = start;
      continue;
    }
    pendingStart = undefined;
    if (end > start) spans.push(...splitAtParagraphs(text, start, end));
  }
  if (pendingStart !== undefined) spans.push(...splitAtParagraphs(text, pendingStart, text.trimEnd().length));
  return spans.filter((s) => s.end > s.start);
}

function splitAtParagraphs(text: string, start: number, end: number): Span[] {
  const spans: Span[] = [];
  let from = start;
  for (const match of text.slice(start, end).matchAll(/\s*\n\s*\n\s*/g)) {
    spans.push({ start: from, end: start + match.index });
    from = start + match.index + match[0].length;
  }
  spans.push({ start: from, end });
  return spans;
}

export function countWords(text: string): number {
  const trimmed = text.trim();
  return trimmed === '' ? 0 : trimmed.split(/\s+/).length;
}
