import { describe, expect, it } from 'vitest';
import { lexicalSentenceScore, pickQuote } from '../../src/answer/quote.js';
import { sentenceSpans } from '../../src/notes/sentences.js';
import { contentTerms } from '../../src/search/tokenize.js';

const judge = (question: string, phrases: string[] = []) => ({ terms: [...new Set(contentTerms(question))], idf: () => 1, phrases });

describe('quotes', () => {
  const text =
    'Registries keep the books. They were never given power over the holdings they record, and no statute grants them any. ' +
    'Lenders accept recorded shares as collateral at roughly 70% of appraised value.\n\n' +
    'A second paragraph about something else entirely, with enough words to stand on its own.';
  const spans = sentenceSpans(text);

  it('picks the sentence that holds the question’s terms, verbatim', () => {
    const scores = spans.map((s) => lexicalSentenceScore(text.slice(s.start, s.end), judge('what do lenders accept as collateral?')));
    const quote = pickQuote(text, spans, scores);
    expect(quote.text).toContain('Lenders accept recorded shares as collateral');
    expect(text.slice(quote.start, quote.end)).toBe(quote.text);
  });

  it('adds the neighbour of a short sentence, within its paragraph only', () => {
    const scores = spans.map((s) => lexicalSentenceScore(text.slice(s.start, s.end), judge('registries books')));
    expect(pickQuote(text, spans, scores).text).toBe(
      'Registries keep the books. They were never given power over the holdings they record, and no statute grants them any.',
    );
    const last = spans.map((_, i) => (i === spans.length - 1 ? 1 : 0));
    expect(pickQuote(text, spans, last).text).not.toContain('\n');
  });

  it('scores a sentence holding a quoted phrase above all', () => {
    expect(lexicalSentenceScore('They were never given power over the holdings.', judge('x', [' never given power ']))).toBe(2);
  });
});
