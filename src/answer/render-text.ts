import type { ChosenModel } from '../embed/choose-model.js';
import type { Answer } from './answer.js';

const FALLBACK_NOTE: Record<NonNullable<ChosenModel['fallback']>['to'], string> = {
  bundled: '(searched with the bundled small model: the configured EMBEDDING_MODEL is not available)',
  keywords: '(keyword search only: no embedding model is available)',
};

/**
 * What a person reads in a terminal: each note's title, the quote, and the link to it; and,
 * when the configured model was not used, what searched instead.
 */
export function renderAnswerText(answer: Answer, fallback?: NonNullable<ChosenModel['fallback']>['to']): string {
  const lines: string[] = [];
  if (!answer.answered) {
    lines.push("The notes don't cover this.");
    const titles = [...new Set(answer.results.map((r) => r.title))].slice(0, 3);
    if (titles.length > 0) lines.push('', 'Closest notes:', ...titles.map((t) => `  - ${t}`));
  } else {
    answer.results.forEach((r, i) => {
      lines.push(`${i + 1}. ${r.title}${r.heading ? ` — ${r.heading}` : ''}${r.date ? ` (${r.date})` : ''}`);
      lines.push(`   “${r.quote}”`);
      lines.push(`   ${r.url}`, '');
    });
  }
  if (fallback) lines.push(FALLBACK_NOTE[fallback]);
  return lines.join('\n').trimEnd();
}
