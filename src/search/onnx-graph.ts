/**
 * A small ONNX model, as the bytes ONNX Runtime loads: the way to run its kernels on arrays we
 * hold (transformers.js builds its `matmul` the same way, as literal bytes). The
 * protobuf is written here because it is a handful of fields; the npm package of ONNX's schema
 * (onnx-proto) was last published for IR 8 and pulls in protobufjs 6.
 *
 * Field numbers are onnx.proto's (https://github.com/onnx/onnx/blob/main/onnx/onnx.proto).
 */

/** ONNX's TensorProto.DataType codes for the types used here. */
export const ELEMENT = { float: 1, uint8: 2, int8: 3, int32: 6, int64: 7 } as const;

export interface GraphValue {
  name: string;
  type: (typeof ELEMENT)[keyof typeof ELEMENT];
}

const varint = (n: number): number[] => {
  const out: number[] = [];
  for (; n > 127; n = Math.floor(n / 128)) out.push((n % 128) | 128);
  out.push(n);
  return out;
};
/** A length-delimited field (wire type 2): a string, bytes or a nested message. */
const nested = (field: number, bytes: number[]): number[] => [...varint(field * 8 + 2), ...varint(bytes.length), ...bytes];
/** A varint field (wire type 0). */
const integer = (field: number, value: number): number[] => [...varint(field * 8), ...varint(value)];
const text = (field: number, value: string): number[] => nested(field, [...Buffer.from(value, 'utf8')]);

// ValueInfoProto { name = 1; type = 2 { tensor_type = 1 { elem_type = 1 } } }: no shape, any size.
const valueInfo = ({ name, type }: GraphValue): number[] => [...text(1, name), ...nested(2, nested(1, integer(1, type)))];

export interface GraphNode {
  operator: string;
  /** Value names, in the operator's order. */
  inputs: readonly string[];
  outputs: readonly string[];
}

/** A constant of the graph (its weights): the tensor's bytes as they lie in memory, little-endian. */
export interface Initializer extends GraphValue {
  dims: readonly number[];
  data: ArrayBufferView;
}

// TensorProto { dims = 1; data_type = 2; name = 8; raw_data = 9 }, as GraphProto's initializer (5).
// The raw bytes stay a view: a model's weights run to megabytes.
function initializer({ name, type, dims, data }: Initializer): Uint8Array[] {
  const raw = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  const head = [...dims.flatMap((d) => integer(1, d)), ...integer(2, type), ...text(8, name), ...varint(9 * 8 + 2), ...varint(raw.length)];
  return [Uint8Array.from([...varint(5 * 8 + 2), ...varint(head.length + raw.length), ...head]), raw];
}

/**
 * A model of a few nodes, run in order, from the graph's inputs (and constants) to its outputs.
 * Nodes take their attributes' defaults (none are written): Transpose reverses the axes, ReduceMax
 * and ReduceMin reduce every axis.
 */
export function onnxModel(
  nodes: readonly GraphNode[],
  inputs: readonly GraphValue[],
  outputs: readonly GraphValue[],
  opset = 20,
  initializers: readonly Initializer[] = [],
): Uint8Array {
  // NodeProto { input = 1; output = 2; op_type = 4 }
  const node = (n: GraphNode) => [...n.inputs.flatMap((v) => text(1, v)), ...n.outputs.flatMap((v) => text(2, v)), ...text(4, n.operator)];
  // GraphProto { node = 1; name = 2; initializer = 5; input = 11; output = 12 }
  const graph = [
    Uint8Array.from([
      ...nodes.flatMap((n) => nested(1, node(n))),
      ...text(2, nodes.map((n) => n.operator).join('-')),
      ...inputs.flatMap((v) => nested(11, valueInfo(v))),
      ...outputs.flatMap((v) => nested(12, valueInfo(v))),
    ]),
    ...initializers.flatMap(initializer),
  ];
  const graphLength = graph.reduce((n, part) => n + part.length, 0);
  // ModelProto { ir_version = 1; graph = 7; opset_import = 8 { version = 2 } }
  return Buffer.concat([
    Uint8Array.from([...integer(1, 9), ...varint(7 * 8 + 2), ...varint(graphLength)]),
    ...graph,
    Uint8Array.from(nested(8, integer(2, opset))),
  ]);
}
