/**
 * Off-topic questions that no body of essays on governance, markets or history answers.
 * Their best cosines against a corpus show what "similar by chance" means for this model on
 * these notes: cosines differ between models (a static model scores unrelated text far higher
 * than MiniLM does), so a fixed threshold could not serve both.
 */
export const OFF_TOPIC_PROBES = [
  'What is the best recipe for sourdough bread?',
  'How many moons does Jupiter have?',
  'Who won the football world cup final?',
  'How do I configure a Kubernetes ingress controller?',
  'What vaccines does a puppy need?',
  'How should I train for a marathon?',
  'Which programming language is fastest for web servers?',
  'What is the capital of Australia?',
  'How do I remove a red wine stain from a carpet?',
  'What are the symptoms of the flu?',
  'How long should I boil an egg?',
  'Which guitar chords should a beginner learn first?',
  'What is the plot of the latest superhero movie?',
  'How do you knit a scarf?',
  'When is the best time to plant tomatoes?',
  'How do I change a flat tyre on a bicycle?',
];

export interface NullModel {
  /** The median best cosine of an off-topic question. */
  typical: number;
  /** The highest best cosine of an off-topic question. */
  highest: number;
}

export function nullModel(bestCosines: number[]): NullModel {
  const sorted = [...bestCosines].sort((a, b) => a - b);
  return { typical: sorted[Math.floor(sorted.length / 2)] ?? 0, highest: sorted[sorted.length - 1] ?? 0 };
}

export interface Evidence {
  /** The question quotes a phrase (or is a pasted fragment) found verbatim. */
  exact: boolean;
  /** The largest share of the question's term weight found in one top passage. */
  coverage: number;
  /** The best cosine among the top passages; undefined in lexical mode. */
  cosine?: number;
}

export interface AbstainTuning {
  /** Coverage that answers on its own: most of what the question asks is in one passage. */
  coverageAlone: number;
  /** Coverage that answers when the passage is also closer than an off-topic question's typical match. */
  coverageWithDense: number;
  /** How far above the best off-topic match a cosine must be to answer on its own. */
  denseMargin: number;
  /** Lexical mode has only coverage to go on. */
  coverageLexical: number;
}

export const DEFAULT_ABSTAIN: AbstainTuning = { coverageAlone: 0.5, coverageWithDense: 0.2, denseMargin: 0.1, coverageLexical: 0.35 };

/**
 * How sure an answer is: strong when the question's words (or a phrase it quotes) are in a
 * passage, or its meaning is far closer than any off-topic question's; weak when it was answered
 * on lesser evidence. A weak answer says so.
 */
export function isStrong(e: Evidence, nulls: NullModel | undefined, t: AbstainTuning = DEFAULT_ABSTAIN): boolean {
  return e.exact || e.coverage >= t.coverageAlone || (e.cosine !== undefined && nulls !== undefined && e.cosine >= nulls.highest + t.denseMargin);
}

/** Do the notes answer the question? "No" means: say the notes don't cover it. */
export function isAnswered(e: Evidence, nulls: NullModel | undefined, t: AbstainTuning = DEFAULT_ABSTAIN): boolean {
  if (e.exact) return true;
  if (e.cosine === undefined || !nulls) return e.coverage >= t.coverageLexical;
  return e.coverage >= t.coverageAlone || (e.coverage >= t.coverageWithDense && e.cosine >= nulls.typical) || e.cosine >= nulls.highest + t.denseMargin;
}
