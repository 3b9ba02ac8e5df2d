import type { Answer } from './answer.js';

/** What a person reads in a terminal: each note's title, the quote, and the link to it. */
export function renderAnswerText(answer: Answer): string {
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
  if (answer.mode === 'lexical') lines.push('(keyword search only: the embedding model is not available)');
  return lines.join('\n').trimEnd();
}
