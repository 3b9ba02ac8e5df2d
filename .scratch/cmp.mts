import { readFileSync } from 'node:fs';
import MiniSearch from 'minisearch';
import { loadNotes } from '../src/notes/load.ts';
import { loadTransformersEmbedder } from '../src/embed/embedder.ts';
import { embeddingInput } from '../src/embed/input.ts';
import { createSearchEngine } from '../src/search/engine.ts';
import { firstHitRank, parseQuestions } from '../scripts/lib/eval-metrics.ts';
const emb = await loadTransformersEmbedder('/work/shared/models/model2vec-bge-base-en-v1.5-pca64-vq128', '/tmp/c');
for (const [dir, qf] of [['notes','tests/fixtures/eval/notes-questions.jsonl'],['tests/fixtures/corpus','tests/fixtures/eval/corpus-questions.jsonl']]) {
  const { passages } = await loadNotes(dir, 'https://x/');
  const engine = createSearchEngine({ passages, vectors: await emb.embed(passages.map(embeddingInput)), embedder: emb });
  const lexEngine = createSearchEngine({ passages });
  const bm = new MiniSearch<{ id: number; text: string }>({ fields: ['text'] }); bm.addAll(passages.map((p, id) => ({ id, text: p.text })));
  for (const q of parseQuestions(readFileSync(qf, 'utf8'), qf).filter(q => q.gold.length)) {
    const r = await engine.search(q.question, { k: 10 });
    const ours = firstHitRank(r.hits.map(h => h.passage), q.gold);
    const lexOnly = firstHitRank((await lexEngine.search(q.question, { k: 10 })).hits.map(h => h.passage), q.gold);
    const base = firstHitRank(bm.search(q.question).slice(0, 10).map(x => passages[x.id as number]!), q.gold);
    if ((ours ?? 99) !== (base ?? 99)) console.log(`${q.id.padEnd(10)} ours=${ours ?? '-'} lex=${lexOnly ?? '-'} bm25=${base ?? '-'} ${q.question}`);
  }
}
