/** The longest question a slash command takes; the "Search notes" menu takes a whole message. */
export const MAX_QUESTION_CHARS = 1000;
/** The longest message Discord lets anyone post (with Nitro): the menu searches it whole. */
export const MAX_MESSAGE_CHARS = 4000;

/** Why a question cannot be searched. */
export type QuestionProblem = { kind: 'empty' } | { kind: 'too-long'; length: number; max: number } | { kind: 'no-words' };

/** Why a question cannot be searched; undefined when it can. */
export function questionProblem(question: string, max = MAX_QUESTION_CHARS): QuestionProblem | undefined {
  const text = question.trim();
  if (text === '') return { kind: 'empty' };
  if (text.length > max) return { kind: 'too-long', length: text.length, max };
  if (!/[\p{L}\p{N}]/u.test(text)) return { kind: 'no-words' };
  return undefined;
}

/** The problem in words for the person who asked, in English (the CLI, and the bot's English). */
export function describeQuestionProblem(problem: QuestionProblem): string {
  switch (problem.kind) {
    case 'empty':
      return 'The question is empty: ask something about the notes, e.g. "do registries have legal authority?"';
    case 'too-long':
      return `The question is ${problem.length} characters long; keep it under ${problem.max}, or quote the key sentence only.`;
    case 'no-words':
      return 'The question has no words in it: ask in words, e.g. "why is IPv4 scarce?"';
  }
}
