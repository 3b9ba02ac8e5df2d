/**
 * What a transformer embedding model would cost here: `npm run bench:encoder [-- --json] [--threads 1]`.
 * No such model can be downloaded on this machine, so this times the matrix products of an encoder
 * of MiniLM-L6's shape (6 layers, 384 wide, a feed-forward layer of 1,536; all-MiniLM-L6-v2 and
 * snowflake-arctic-embed-xs share it), quantized to 8 bits as their q8 files are (each product's
 * input quantized as it comes: DynamicQuantizeLinear, MatMulInteger), with random weights, in ONNX
 * Runtime. The products are most of such a model's work; attention's own products, softmax, layer
 * norms and GELU are left out, so a real model takes somewhat longer than this says.
 */
import { Command } from 'commander';
import ort from 'onnxruntime-node';
import { ELEMENT, onnxModel, type GraphNode } from '../src/search/onnx-graph.js';
import { MINILM_SHAPE, quantizedProduct } from './lib/encoder-graph.js';
import { percentile, round } from './lib/stats.js';

/** What the bot embeds: a question; the sentences of three quoted passages; a batch of passages while indexing. */
const SHAPES = [
  { name: 'question', texts: 1, tokens: 12 },
  { name: 'quoting three passages (15 sentences)', texts: 15, tokens: 32 },
  { name: 'indexing (a batch of 32 passages)', texts: 32, tokens: 256 },
] as const;

/** The encoder's products as ONNX nodes: per layer, Q, K, V and the output projection, then the feed-forward pair. */
function encoderProducts(layers: number): GraphNode[] {
  const nodes: GraphNode[] = [];
  const product = (input: string, weights: string) => quantizedProduct(nodes, input, weights);
  let x = 'x';
  for (let layer = 0; layer < layers; layer++) {
    product(x, 'wq');
    product(x, 'wk');
    const attended = product(x, 'wv');
    x = product(product(product(attended, 'wo'), 'w1'), 'w2');
  }
  nodes.push({ operator: 'Identity', inputs: [x], outputs: ['y'] });
  return nodes;
}

const program = new Command('bench:encoder')
  .option('--json', 'print one JSON object')
  .option(
    '--threads <n>',
    "ONNX Runtime's threads for one run (the bot's answering thread uses its default, the indexing thread one less than the cores)",
    Number,
    1,
  )
  .option('--layers <n>', 'encoder layers', Number, MINILM_SHAPE.layers)
  .option('--width <n>', 'hidden size', Number, MINILM_SHAPE.width)
  .option('--ffn <n>', 'feed-forward size', Number, MINILM_SHAPE.ffn)
  .action(async (flags: { json?: boolean; threads: number; layers: number; width: number; ffn: number }) => {
    const { float, int8 } = ELEMENT;
    const weights = ['wq', 'wk', 'wv', 'wo', 'w1', 'w2'];
    const model = onnxModel(
      encoderProducts(flags.layers),
      [{ name: 'x', type: float }, ...weights.map((name) => ({ name, type: int8 }))],
      [{ name: 'y', type: float }],
    );
    const session = await ort.InferenceSession.create(model, { intraOpNumThreads: flags.threads, interOpNumThreads: 1 });
    const random = (rows: number, columns: number) =>
      new ort.Tensor(
        'int8',
        Int8Array.from({ length: rows * columns }, () => Math.floor(Math.random() * 255) - 127),
        [rows, columns],
      );
    const { width, ffn } = flags;
    const feeds = {
      wq: random(width, width),
      wk: random(width, width),
      wv: random(width, width),
      wo: random(width, width),
      w1: random(width, ffn),
      w2: random(ffn, width),
    };
    const results = [];
    for (const shape of SHAPES) {
      const tokens = shape.texts * shape.tokens;
      const x = new ort.Tensor(
        'float32',
        Float32Array.from({ length: tokens * width }, () => Math.random() - 0.5),
        [tokens, width],
      );
      const times: number[] = [];
      // The first runs warm ONNX Runtime up; then at least 5 runs, and at least a second's worth.
      for (let i = 0; i < 2; i++) await session.run({ ...feeds, x });
      for (const started = performance.now(); times.length < 5 || performance.now() - started < 1000;) {
        const t = performance.now();
        await session.run({ ...feeds, x });
        times.push(performance.now() - t);
      }
      const ms = percentile(times, 50);
      results.push({ shape: shape.name, texts: shape.texts, tokens_each: shape.tokens, ms: round(ms), texts_per_second: round((shape.texts * 1000) / ms) });
    }
    const result = { layers: flags.layers, width, ffn, threads: flags.threads, results };
    if (flags.json) console.log(JSON.stringify(result, null, 2));
    else {
      console.log(`An encoder of ${flags.layers} layers, ${width} wide (feed-forward ${ffn}), 8-bit products only, ${flags.threads} thread(s), median run:`);
      for (const r of results) console.log(`- ${r.shape}: ${r.ms} ms (${r.texts_per_second} texts a second)`);
    }
  });

await program.parseAsync();
