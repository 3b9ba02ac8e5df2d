import type { Embedder } from '../../src/embed/embedder.js';
import { tokenize } from '../../src/search/tokenize.js';

/**
 * A deterministic stand-in for the model in tests of the pure core: a hashed bag of the
 * text's terms, unit length. Texts that share terms are close; it counts what it embeds.
 */
export function fakeEmbedder(model = 'fake-model', dimensions = 32): Embedder & { texts: string[]; calls: number } {
  const embedder = {
    model,
    dimensions,
    texts: [] as string[],
    calls: 0,
    async embed(texts: string[]) {
      embedder.calls++;
      embedder.texts.push(...texts);
      return texts.map((text) => {
        const v = new Float32Array(dimensions);
        for (const term of tokenize(text)) {
          let h = 2166136261;
          for (let i = 0; i < term.length; i++) h = Math.imul(h ^ term.charCodeAt(i), 16777619);
          v[(h >>> 0) % dimensions]! += 1;
        }
        const norm = Math.hypot(...v) || 1;
        return v.map((x) => x / norm);
      });
    },
  };
  return embedder;
}
