import type { Passage } from '../notes/passages.js';

/**
 * What the model reads for a passage: its section heading gives context the text often
 * leaves implicit. The passage id hashes all of it, so a changed heading is re-embedded.
 */
export function embeddingInput(p: Pick<Passage, 'headings' | 'text'>): string {
  return [...p.headings, p.text].join('\n');
}
