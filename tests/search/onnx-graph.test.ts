import ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { ELEMENT, onnxModel } from '../../src/search/onnx-graph.js';

describe('onnxModel', () => {
  it('writes constants into the graph: ONNX Runtime reads their dimensions and bytes', async () => {
    const { float, int8 } = ELEMENT;
    const model = onnxModel(
      [
        { operator: 'Add', inputs: ['x', 'bias'], outputs: ['shifted'] },
        { operator: 'MatMul', inputs: ['shifted', 'weights'], outputs: ['y'] },
        { operator: 'DequantizeLinear', inputs: ['codes', 'half'], outputs: ['decoded'] },
      ],
      [{ name: 'x', type: float }],
      [
        { name: 'y', type: float },
        { name: 'decoded', type: float },
      ],
      17,
      [
        { name: 'bias', type: float, dims: [3], data: Float32Array.of(1, 2, 3) },
        { name: 'weights', type: float, dims: [3, 2], data: Float32Array.of(1, 0, 0, 1, 1, 1) },
        { name: 'half', type: float, dims: [], data: Float32Array.of(0.5) },
        // Bytes that start one byte into their buffer: the view is written, not the whole buffer.
        { name: 'codes', type: int8, dims: [2], data: new Int8Array(Int8Array.of(9, -4, 6).buffer, 1, 2) },
      ],
    );
    const session = await ort.InferenceSession.create(model);
    const { y, decoded } = await session.run({ x: new ort.Tensor('float32', Float32Array.of(1, 1, 1, 0, 0, 0), [2, 3]) });
    // [[2,3,4],[1,2,3]] × [[1,0],[0,1],[1,1]]
    expect(Array.from(y!.data as Float32Array)).toEqual([6, 7, 4, 5]);
    expect(y!.dims).toEqual([2, 2]);
    expect(Array.from(decoded!.data as Float32Array)).toEqual([-2, 3]);
    await session.release();
  });
});
