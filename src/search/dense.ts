import type { InferenceSession, Tensor } from 'onnxruntime-node';
import { NO_SPINNING } from '../threads/onnx-runtime.js';
import { ELEMENT, onnxModel } from './onnx-graph.js';

/**
 * The passages' vectors, searched by cosine. They are unit length, so a dot product is the cosine.
 *
 * Every passage is scored at once in ONNX Runtime, whose SIMD kernels are many times quicker than a
 * JavaScript loop, over an 8-bit copy of the vectors laid out dimension by dimension: at 100,000 ×
 * 384 reading 150 MB of floats bounded a float product at 14–16 ms here, and the 8-bit one takes
 * about 4.5, the shortlist chosen in the same run (the same 8-bit product over passage rows took
 * 16–20: ONNX Runtime repacks that side). Those scores only pick the shortlist; the passages on
 * it, and any the caller asks about, get exact cosines from the float vectors, so what ranks and
 * what is shown are the exact figures. A run still holds this thread (its promise is ONNX
 * Runtime's interface, not a thread of its own).
 */
export interface DenseIndex {
  readonly size: number;
  /** The k passages nearest the query, with what the caller needs of everyone else's cosines. */
  match(query: Float32Array, k: number): Promise<DenseMatch>;
}

export interface DenseMatch {
  /** The nearest passages, nearest first by exact cosine (of equal cosines, the lower index first). */
  nearest: number[];
  /** Passage i's exact cosine to the query. */
  cosine: (i: number) => number;
  /** The mean cosine over every passage, exact: the query against the passages' centroid. */
  mean: number;
}

/**
 * How many more passages than asked the 8-bit scores put on the shortlist. An 8-bit cosine is off
 * by about 0.001 (half a step of 1/127 of the largest value, over the sum); a passage further than
 * that below the exact k-th is not pushed in, and 50 places cover any run of near-ties.
 */
const SHORTLIST_EXTRA = 50;

/** The vectors as int8 with one scale, transposed: dimension d's codes for every passage are one run. */
export interface Quantized {
  /** Dimension d of passage i is about codes[d × size + i] × scale. */
  codes: Int8Array;
  scale: number;
  /** Passage i's codes summed over the dimensions. */
  sums: Int32Array;
}

/**
 * The zero point of a quantized query: ONNX Runtime's fast 8-bit product takes an unsigned left
 * side. It is taken off after the product (less QUERY_ZERO × each passage's sum of codes) rather
 * than handed to MatMulInteger as its zero point, which took 18 ms with one and 5.5 without.
 */
const QUERY_ZERO = 128;

/** The query as uint8 around QUERY_ZERO, scaled to its own largest value: its products rank as its dot products do. */
export function quantizeQuery(query: Float32Array): Uint8Array {
  const top = query.reduce((m, x) => Math.max(m, Math.abs(x)), 0);
  return Uint8Array.from(query, (x) => QUERY_ZERO + (top > 0 ? Math.round((x / top) * 127) : 0));
}

type Runtime = typeof import('onnxruntime-node');
interface Sessions {
  runtime: Runtime;
  /** (size × dims, float) → its largest and smallest values. */
  range: InferenceSession;
  /** (size × dims, float), scale, zero → (dims × size, int8). */
  quantize: InferenceSession;
  /** (1 × dims, uint8) × (dims × size, int8) → (1 × size, int32). */
  product: InferenceSession;
  /** The product less each passage's offset, then the k best: their indexes (int64), best first. */
  nearest: InferenceSession;
  /** (1 × size, float) × (size × dims, float) → (1 × dims, float): with ones, the vectors' sum. */
  sum: InferenceSession;
}
let sessions: Promise<Sessions> | undefined;

/**
 * The small models, made once per process. Quantizing and the centroid run in ONNX Runtime too:
 * one pass of JavaScript over 100,000 × 384 floats takes 250 ms here, quantizing there 150–220 ms
 * (a scale per dimension made its QuantizeLinear take 6 s, so there is one scale).
 */
const runtimeSessions = (): Promise<Sessions> =>
  (sessions ??= (async () => {
    const runtime = await import('onnxruntime-node');
    // Without ONNX Runtime's memory arena: it kept the quantizing's buffers (as big as the 8-bit
    // copy, twice) after they were copied out, 136 MB against 63 at 100,000 × 384, at the same speed.
    const create = (...model: Parameters<typeof onnxModel>) =>
      runtime.InferenceSession.create(onnxModel(...model), { enableCpuMemArena: false, extra: NO_SPINNING });
    const { float, int8, uint8, int32, int64 } = ELEMENT;
    // Made side by side: one after another they took 16 ms each, all five together 8 ms.
    const [range, quantize, product, nearest, sum] = await Promise.all([
      // range
      create(
        [
          { operator: 'ReduceMax', inputs: ['vectors'], outputs: ['high'] },
          { operator: 'ReduceMin', inputs: ['vectors'], outputs: ['low'] },
        ],
        [{ name: 'vectors', type: float }],
        [
          { name: 'high', type: float },
          { name: 'low', type: float },
        ],
      ),
      // quantize
      create(
        [
          { operator: 'QuantizeLinear', inputs: ['vectors', 'scale', 'zero'], outputs: ['rows'] },
          { operator: 'Transpose', inputs: ['rows'], outputs: ['codes'] },
        ],
        [
          { name: 'vectors', type: float },
          { name: 'scale', type: float },
          { name: 'zero', type: int8 },
        ],
        [{ name: 'codes', type: int8 }],
      ),
      // product (for the sums)
      create(
        [{ operator: 'MatMulInteger', inputs: ['query', 'passages'], outputs: ['scores'] }],
        [
          { name: 'query', type: uint8 },
          { name: 'passages', type: int8 },
        ],
        [{ name: 'scores', type: int32 }],
      ),
      // nearest. TopK: along the last axis, largest first, of equal scores the lower index first (ONNX's rule).
      create(
        [
          { operator: 'MatMulInteger', inputs: ['query', 'passages'], outputs: ['products'] },
          { operator: 'Sub', inputs: ['products', 'offsets'], outputs: ['scores'] },
          { operator: 'TopK', inputs: ['scores', 'k'], outputs: ['best_scores', 'best'] },
        ],
        [
          { name: 'query', type: uint8 },
          { name: 'passages', type: int8 },
          { name: 'offsets', type: int32 },
          { name: 'k', type: int64 },
        ],
        [
          { name: 'best_scores', type: int32 },
          { name: 'best', type: int64 },
        ],
      ),
      // sum
      create(
        [{ operator: 'MatMul', inputs: ['ones', 'vectors'], outputs: ['sum'] }],
        [
          { name: 'ones', type: float },
          { name: 'vectors', type: float },
        ],
        [{ name: 'sum', type: float }],
      ),
    ]);
    return { runtime, range, quantize, product, nearest, sum };
  })().catch((error: unknown) => {
    // Not remembered: the next search tries again.
    sessions = undefined;
    throw error;
  }));

/** The vectors' 8-bit copy (row i of the matrix, dims floats from i × dims, is passage i's vector). */
export async function quantize(matrix: Float32Array, dims: number): Promise<Quantized> {
  const context = await runtimeSessions();
  const { runtime, range, quantize } = context;
  const size = matrix.length / dims;
  const vectors = new runtime.Tensor('float32', matrix, [size, dims]);
  const { high, low } = await range.run({ vectors });
  const scale = Math.max(Math.abs(high!.data[0] as number), Math.abs(low!.data[0] as number)) / 127 || 1;
  const out = await quantize.run({
    vectors,
    scale: new runtime.Tensor('float32', Float32Array.of(scale), []),
    zero: new runtime.Tensor('int8', Int8Array.of(0), []),
  });
  const codes = out.codes!.data as Int8Array;
  // A query of ones sums each passage's codes.
  const ones = new runtime.Tensor('uint8', new Uint8Array(dims).fill(1), [1, dims]);
  const { scores } = await context.product.run({ query: ones, passages: new runtime.Tensor('int8', codes, [dims, size]) });
  return { codes, scale, sums: scores!.data as Int32Array };
}

/** Row i of the matrix (dims floats from i × dims) is passage i's vector. */
export function createDenseIndex(matrix: Float32Array, dims: number): DenseIndex {
  const size = dims > 0 ? matrix.length / dims : 0;
  // Made at the first search (an engine's prepare() makes one): opening an engine is synchronous, ONNX Runtime is not.
  let prepared: Promise<{ sessions: Sessions; passages: Tensor; offsets: Tensor; centroid: Float64Array }> | undefined;
  const prepare = async () => {
    const { codes, sums } = await quantize(matrix, dims);
    const context = await runtimeSessions();
    const { Tensor } = context.runtime;
    const ones = new Tensor('float32', new Float32Array(size).fill(1), [1, size]);
    const { sum } = await context.sum.run({ ones, vectors: new Tensor('float32', matrix, [size, dims]) });
    const centroid = Float64Array.from(sum!.data as Float32Array, (x) => x / size);
    const offsets = new Tensor(
      'int32',
      sums.map((sum) => QUERY_ZERO * sum),
      [1, size],
    );
    return { sessions: context, passages: new Tensor('int8', codes, [dims, size]), offsets, centroid };
  };

  return {
    size,
    async match(query, k) {
      const cosine = (i: number) => {
        let dot = 0;
        for (let d = 0; d < dims; d++) dot += matrix[i * dims + d]! * query[d]!;
        return dot;
      };
      if (size === 0) return { nearest: [], cosine, mean: 0 };
      const { sessions, passages, offsets, centroid } = await (prepared ??= prepare().catch((error: unknown) => {
        prepared = undefined;
        throw error;
      }));
      const { Tensor } = sessions.runtime;
      const { best } = await sessions.nearest.run({
        query: new Tensor('uint8', quantizeQuery(query), [1, dims]),
        passages,
        offsets,
        k: new Tensor('int64', BigInt64Array.of(BigInt(Math.min(size, k + SHORTLIST_EXTRA))), [1]),
      });
      const shortlist = Array.from(best!.data as BigInt64Array, Number);
      const exact = shortlist.map(cosine);
      const order = shortlist.map((_, j) => j).sort((a, b) => exact[b]! - exact[a]! || shortlist[a]! - shortlist[b]!);
      const nearest = order.slice(0, k).map((j) => shortlist[j]!);
      let mean = 0;
      for (let d = 0; d < dims; d++) mean += centroid[d]! * query[d]!;
      return { nearest, cosine, mean };
    },
  };
}
