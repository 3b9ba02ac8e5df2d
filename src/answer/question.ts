export const MAX_QUESTION_CHARS = 1000;

/** Why a question cannot be searched, in words for the person who asked; undefined when it can. */
export function questionProblem(question: string): string | undefined {
  const text = question.trim();
  if (text === '') return 'The question is empty: ask something about the notes, e.g. "do registries have legal authority?"';
  if (text.length > MAX_QUESTION_CHARS) {
    return `The question is ${text.length} characters long; keep it under ${MAX_QUESTION_CHARS}, or quote the key sentence only.`;
  }
  if (!/[\p{L}\p{N}]/u.test(text)) return 'The question has no words in it: ask in words, e.g. "why is IPv4 scarce?"';
  return undefined;
}
