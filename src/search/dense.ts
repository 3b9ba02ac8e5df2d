/**
 * The passages' vectors in one contiguous Float32Array, scored by a single pass: the vectors
 * are unit length, so a dot product is the cosine.
 */
export interface DenseIndex {
  readonly size: number;
  scores(query: Float32Array): Float32Array;
}

export function createDenseIndex(vectors: Float32Array[]): DenseIndex {
  const dims = vectors[0]?.length ?? 0;
  const matrix = new Float32Array(vectors.length * dims);
  vectors.forEach((v, i) => matrix.set(v, i * dims));
  return {
    size: vectors.length,
    scores(query) {
      const out = new Float32Array(vectors.length);
      for (let i = 0, base = 0; i < out.length; i++, base += dims) {
        let dot = 0;
        for (let d = 0; d < dims; d++) dot += matrix[base + d]! * query[d]!;
        out[i] = dot;
      }
      return out;
    },
  };
}
