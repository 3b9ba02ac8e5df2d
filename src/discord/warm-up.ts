import type { Passage } from '../notes/passages.js';
import { loadEnglish } from '../search/english.js';
import { answersAsked, renderAnswer } from './ask-flow.js';
import type { BotContext } from './context.js';
import { QuestionMemory } from './memory.js';

/**
 * Questions answered after a start. In bench:discord at 10,000 passages, the first burst of 50
 * questions after a start had its answers' p95 at 360–590 ms, and a second burst of other
 * questions 210–360 ms: V8 compiles a function for speed only once it has run a while, and every
 * step of an answer was cold. 60 rehearsals brought the first burst to 300–380 ms; 150 did no
 * better (three to eight runs of each).
 */
const REHEARSALS = 60;

/** Questions made of the notes' own titles and sections, from passages spread over the index. */
export function rehearsalQuestions(passages: readonly Passage[], count: number): string[] {
  const picked = Math.min(count, passages.length);
  return Array.from({ length: picked }, (_, i) => {
    const p = passages[Math.floor((i * passages.length) / picked)]!;
    return [p.title, p.headings.at(-1)].filter(Boolean).join(': ');
  });
}

/**
 * Answers questions made from the notes the way a real one is answered (searched, quoted and
 * drawn, never sent, remembered nowhere, logged nowhere), so that the first people to ask after a
 * start meet warm code. It gives way to real questions: it stops once someone has asked one.
 * Resolves with how many it answered.
 */
export async function warmUp(ctx: BotContext, count = REHEARSALS): Promise<number> {
  // The rehearsals use the notes' own words, which never need WordNet: the first question with a
  // word the notes do not use would otherwise wait for the word lists.
  loadEnglish();
  const scratch: BotContext = { ...ctx, memory: new QuestionMemory(1) };
  let answered = 0;
  const before = answersAsked();
  for (const question of rehearsalQuestions(ctx.engine().passages, count)) {
    // Lets interactions that came meanwhile reach the search queue first.
    await new Promise((resolve) => setImmediate(resolve));
    // Someone asked since the warm-up began: no rehearsal follows theirs.
    if (answersAsked() - before > answered) break;
    await renderAnswer(scratch, scratch.memory.remember({ question, isPublic: false }), 0, 'en-US');
    answered++;
  }
  return answered;
}
