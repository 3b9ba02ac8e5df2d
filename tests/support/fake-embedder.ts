import type { Embedder } from '../../src/embed/embedder.js';
import { termVector } from '../../src/search/term-vector.js';

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
      return texts.map((text) => termVector(text, dimensions));
    },
  };
  return embedder;
}
