/**
 * Fusion: a convex combination of the keyword score (BM25 normalised by the query's best) and
 * the dense one (cosine, min-max between the corpus mean and the best), its weight following how
 * much of the question the best passage holds: exact words are the best evidence there is, and a
 * paraphrase has none. An exact phrase match adds 1, so that it comes first.
 */
export interface FusionTuning {
  /** The dense score's weight when a passage holds all of the question's words. */
  alphaKeyword: number;
  /** Its weight when no passage holds any of them. */
  alphaParaphrase: number;
}

export function denseWeight(bestCoverage: number, t: FusionTuning): number {
  return t.alphaParaphrase + (t.alphaKeyword - t.alphaParaphrase) * bestCoverage;
}

export function fuse(scores: { lexical: number; dense?: number; exact: boolean }, alpha: number): number {
  const fused = scores.dense === undefined ? scores.lexical : alpha * scores.dense + (1 - alpha) * scores.lexical;
  return fused + (scores.exact ? 1 : 0);
}
