import { createHash } from 'node:crypto';
import type { Embedder } from '../../src/embed/embedder.js';
import { prng } from './generated-corpus.js';

/**
 * Stands in for a 384-dimension model (MiniLM's size) where none can be loaded: deterministic
 * random unit vectors per text. It measures the vector path (storage, scoring), not a model.
 */
export function randomEmbedder(dimensions = 384): Embedder {
  return {
    model: `random-unit-vectors-${dimensions}`,
    dimensions,
    async embed(texts) {
      return texts.map((text) => {
        const random = prng(createHash('sha1').update(text).digest().readUInt32LE(0));
        const v = Float32Array.from({ length: dimensions }, () => random() * 2 - 1);
        const norm = Math.hypot(...v);
        return v.map((x) => x / norm);
      });
    },
  };
}
