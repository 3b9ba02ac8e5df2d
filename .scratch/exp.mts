import { loadNotes } from '../src/notes/load.ts';
import { loadTransformersEmbedder } from '../src/embed/embedder.ts';
import { tokens } from '../src/search/tokenize.ts';
const { passages } = await loadNotes('tests/fixtures/corpus', 'https://x/');
const emb = await loadTransformersEmbedder('/work/shared/models/model2vec-bge-base-en-v1.5-pca64-vq128', '/tmp/c');
const words = new Map<string, string>();
for (const p of passages) for (const t of tokens(p.text)) if (t.terms.length === 1 && /^\p{L}{4,}$/u.test(t.raw)) words.set(t.raw.toLowerCase(), t.terms[0]!);
const vocab = [...words.keys()];
let t = performance.now();
const vecs = await emb.embed(vocab);
console.log('vocab', vocab.length, 'embed ms', (performance.now() - t).toFixed(0));
const dot = (a: Float32Array, b: Float32Array) => { let s = 0; for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!; return s; };
for (const q of ['canals', 'relatives', 'entitlement', 'backup', 'custodians', 'deceased', 'scrapped', 'gathering', 'borrow', 'energy', 'stuck', 'organisation', 'money', 'founding', 'agreement', 'lost', 'seawater', 'pollinators']) {
  const [v] = await emb.embed([q]);
  const best = vocab.map((w, i) => [w, dot(v!, vecs[i]!)] as const).sort((a, b) => b[1] - a[1]).slice(0, 5);
  console.log(q.padEnd(14), best.map(([w, s]) => `${w}:${s.toFixed(2)}`).join(' '));
}
