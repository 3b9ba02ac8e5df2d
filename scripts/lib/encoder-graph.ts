import type { GraphNode } from '../../src/search/onnx-graph.js';

/** MiniLM-L6's shape, which all-MiniLM-L6-v2 and snowflake-arctic-embed-xs share. */
export const MINILM_SHAPE = { layers: 6, width: 384, ffn: 1536 } as const;

/**
 * Appends to `nodes` a product as a q8 model file computes it: the input quantized to 8 bits as it
 * comes (DynamicQuantizeLinear), multiplied by 8-bit weights in integers (MatMulInteger) and scaled
 * back (DequantizeLinear). Returns the name of its output.
 */
export function quantizedProduct(nodes: GraphNode[], input: string, weights: string): string {
  const k = nodes.length;
  nodes.push(
    { operator: 'DynamicQuantizeLinear', inputs: [input], outputs: [`q${k}`, `s${k}`, `z${k}`] },
    { operator: 'MatMulInteger', inputs: [`q${k}`, weights, `z${k}`], outputs: [`a${k}`] },
    { operator: 'DequantizeLinear', inputs: [`a${k}`, `s${k}`], outputs: [`y${k}`] },
  );
  return `y${k}`;
}
