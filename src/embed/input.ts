import type { Passage } from '../notes/passages.js';
import { sentenceSpans, type Span } from '../notes/sentences.js';

/**
 * What the model reads for a passage: its section heading gives context the text often
 * leaves implicit. The passage id hashes all of it, so a changed heading is re-embedded.
 */
export function embeddingInput(p: Pick<Passage, 'headings' | 'text'>): string {
  return [...p.headings, p.text].join('\n');
}

/**
 * What the model reads for each of a passage's sentences, alone: quoting compares them with the
 * question. The build embeds them so (sentences.bin), and quoting does for an index without them.
 */
export function sentenceInputs(text: string, spans: readonly Span[] = sentenceSpans(text)): string[] {
  return spans.map((s) => text.slice(s.start, s.end));
}
