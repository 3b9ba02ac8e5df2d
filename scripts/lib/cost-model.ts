/**
 * A model that costs what all-MiniLM-L6-v2 costs and answers as the bundled one does. No
 * transformer model can be downloaded on this machine; the bundled model (a static embedding)
 * costs a tenth of one, so a bench with it says little about a deployment with the default model.
 * This one is the bundled model's vector of each token (the pooling leaves padding out, so the
 * bundled graph's multiplying by the attention mask is not needed), plus an encoder of MiniLM-L6's shape (6 layers, 384 wide, a feed-forward layer of 1,536; the products
 * quantized to 8 bits as q8 files are, with random weights, as bench:encoder times them; layer
 * norms after each block) whose output is added at a weight of 1e-9: the vectors differ from the
 * bundled model's by about 1e-6, so searches, answers and quotes come out the same (but for exact
 * ties), and every embedding pays for the whole encoder. Attention's own products and softmax are left out, so a
 * real model costs a little more.
 */
import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import ort from 'onnxruntime-node';
import { BUNDLED_MODEL_DIR } from '../../src/embed/bundled.js';
import { ELEMENT, onnxModel, type GraphNode, type Initializer } from '../../src/search/onnx-graph.js';
import { MINILM_SHAPE, quantizedProduct } from './encoder-graph.js';
import { prng } from './generated-corpus.js';

const { layers: LAYERS, width: WIDTH, ffn: FEED_FORWARD } = MINILM_SHAPE;
const WEIGHT_OF_ENCODER = 1e-9;

/** The bundled model's vector for every token of its vocabulary: its output for all of them at once. */
async function tokenVectors(): Promise<{ vocabulary: number; dims: number; vectors: Float32Array }> {
  const { vocab_size: vocabulary } = JSON.parse(await readFile(path.join(BUNDLED_MODEL_DIR, 'config.json'), 'utf8')) as { vocab_size: number };
  const session = await ort.InferenceSession.create(path.join(BUNDLED_MODEL_DIR, 'onnx/model.onnx'));
  try {
    const { last_hidden_state: out } = await session.run({
      input_ids: new ort.Tensor(
        'int64',
        BigInt64Array.from({ length: vocabulary }, (_, i) => BigInt(i)),
        [1, vocabulary],
      ),
      attention_mask: new ort.Tensor('int64', new BigInt64Array(vocabulary).fill(1n), [1, vocabulary]),
    });
    return { vocabulary, dims: out!.dims[2]!, vectors: out!.data as Float32Array };
  } finally {
    await session.release();
  }
}

/** Weights in the 8-bit range, the same on every run. */
function randomInt8(rows: number, columns: number, seed: number): Int8Array {
  const random = prng(seed);
  return Int8Array.from({ length: rows * columns }, () => Math.floor(random() * 255) - 127);
}

/** Writes the model as a transformers.js model folder (the bundled model's tokenizer and config); resolves with the folder. */
export async function writeCostModel(folder: string): Promise<string> {
  const { vocabulary, dims, vectors } = await tokenVectors();
  const { float, int8, int64 } = ELEMENT;
  const initializers: Initializer[] = [{ name: 'tokens', type: float, dims: [vocabulary, dims], data: vectors }];
  const weights = (name: string, rows: number, columns: number) => {
    initializers.push({ name: `w_${name}`, type: int8, dims: [rows, columns], data: randomInt8(rows, columns, initializers.length) });
    return `w_${name}`;
  };
  initializers.push(
    { name: 'ones', type: float, dims: [WIDTH], data: new Float32Array(WIDTH).fill(1) },
    { name: 'zeros', type: float, dims: [WIDTH], data: new Float32Array(WIDTH) },
    { name: 'weight', type: float, dims: [], data: Float32Array.of(WEIGHT_OF_ENCODER) },
  );
  const nodes: GraphNode[] = [{ operator: 'Gather', inputs: ['tokens', 'input_ids'], outputs: ['real'] }];
  let n = 0;
  const step = (operator: string, inputs: string[], outputs = [`${operator}${n++}`]) => {
    nodes.push({ operator, inputs, outputs });
    return outputs[0]!;
  };
  const product = (x: string, w: string) => quantizedProduct(nodes, x, w);
  const norm = (x: string) => step('LayerNormalization', [x, 'ones', 'zeros']);
  let x = norm(product('real', weights('up', dims, WIDTH)));
  for (let layer = 0; layer < LAYERS; layer++) {
    const q = product(x, weights(`q${layer}`, WIDTH, WIDTH));
    const k = product(x, weights(`k${layer}`, WIDTH, WIDTH));
    const v = product(x, weights(`v${layer}`, WIDTH, WIDTH));
    const attended = norm(step('Add', [step('Add', [product(v, weights(`o${layer}`, WIDTH, WIDTH)), q]), k]));
    const hidden = step('Relu', [product(attended, weights(`up${layer}`, WIDTH, FEED_FORWARD))]);
    x = norm(product(hidden, weights(`down${layer}`, FEED_FORWARD, WIDTH)));
  }
  const encoded = step('Mul', [product(x, weights('out', WIDTH, dims)), 'weight']);
  step('Add', ['real', encoded], ['last_hidden_state']);
  const model = onnxModel(nodes, [{ name: 'input_ids', type: int64 }], [{ name: 'last_hidden_state', type: float }], 17, initializers);
  await mkdir(path.join(folder, 'onnx'), { recursive: true });
  for (const file of ['config.json', 'tokenizer.json', 'tokenizer_config.json']) await copyFile(path.join(BUNDLED_MODEL_DIR, file), path.join(folder, file));
  for (const file of ['model.onnx', 'model_quantized.onnx']) await writeFile(path.join(folder, 'onnx', file), model);
  return folder;
}
