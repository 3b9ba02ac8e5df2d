export interface Span {
  start: number;
  end: number;
}

const segmenter = new Intl.Segmenter('en', { granularity: 'sentence' });

// ICU breaks after these even mid-sentence ("Mr. Smith"); a sentence never ends on one.
const ABBREVIATION = /(?:^|\s)(?:Mr|Mrs|Ms|Dr|Prof|St|Sr|Jr|vs|etc|No|Inc|Ltd|Co|Corp|Fig|Art|Sec|cf|approx)\.\s*$/i;

/**
 * The sentences of a plain text as [start, end) spans, trailing whitespace excluded.
 * Paragraph breaks ("\n\n") always end a sentence.
 */
export function sentenceSpans(text: string): Span[] {
  const spans: Span[] = [];
  let pendingStart: number | undefined;
  for (const { index, segment } of segmenter.segment(text)) {
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
