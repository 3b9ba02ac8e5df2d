import { tokenize } from './tokenize.js';

/**
 * A text's search terms as a unit vector of hashed counts: texts that share words are close.
 * What groups questions by their words (and the tests' stand-in for a model).
 */
export function termVector(text: string, dimensions: number): Float32Array {
  const v = new Float32Array(dimensions);
  for (const term of tokenize(text)) {
    let h = 2166136261;
    for (let i = 0; i < term.length; i++) h = Math.imul(h ^ term.charCodeAt(i), 16777619);
    v[(h >>> 0) % dimensions]! += 1;
  }
  const norm = Math.hypot(...v) || 1;
  return v.map((x) => x / norm);
}
