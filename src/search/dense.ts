/**
 * The passages' vectors in one contiguous Float32Array, scored against a question in one matrix
 * product: the vectors are unit length, so a dot product is the cosine.
 *
 * The product runs in ONNX Runtime (transformers.js's `matmul`, the runtime the model already
 * loaded): its SIMD kernels are 10-17x quicker than a JavaScript loop on this machine (10,000 x
 * 64: 0.46 ms against 4.7; 100,000 x 384: 12 ms against 200). It still holds this thread while it
 * runs (a timer set before it fires after it): the promise is ONNX Runtime's interface, not a
 * thread of its own. The matrix is wrapped, not copied.
 */
export interface DenseIndex {
  readonly size: number;
  scores(query: Float32Array): Promise<Float32Array>;
}

type Transformers = typeof import('@huggingface/transformers');
let runtime: Promise<Transformers> | undefined;

/** Row i of the matrix (dims floats from i × dims) is passage i's vector. */
export function createDenseIndex(matrix: Float32Array, dims: number): DenseIndex {
  const size = dims > 0 ? matrix.length / dims : 0;
  let passages: InstanceType<Transformers['Tensor']> | undefined;
  return {
    size,
    async scores(query) {
      if (size === 0) return new Float32Array(0);
      const { matmul, Tensor } = await (runtime ??= import('@huggingface/transformers'));
      passages ??= new Tensor('float32', matrix, [size, dims]);
      const product = await matmul(passages, new Tensor('float32', query, [dims, 1]));
      return product.data as Float32Array;
    },
  };
}
