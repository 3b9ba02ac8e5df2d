import { readFileSync } from 'node:fs';
import { loadNotes } from '../src/notes/load.ts';
import { loadTransformersEmbedder } from '../src/embed/embedder.ts';
import { embeddingInput } from '../src/embed/input.ts';
import { createSearchEngine, DEFAULT_TUNING } from '../src/search/engine.ts';
import { firstHitRank, parseQuestions, score } from '../scripts/lib/eval-metrics.ts';
const emb = await loadTransformersEmbedder('/work/shared/models/model2vec-bge-base-en-v1.5-pca64-vq128', '/tmp/c');
const sets = [['notes','tests/fixtures/eval/notes-questions.jsonl'],['tests/fixtures/corpus','tests/fixtures/eval/corpus-questions.jsonl']];
const tunings = JSON.parse(process.env.TUNINGS ?? '[{}]');
const data = [];
for (const [dir, qf] of sets) { const { passages } = await loadNotes(dir, 'https://x/'); data.push({ dir, qf, passages, vectors: await emb.embed(passages.map(embeddingInput)) }); }
for (const tu of tunings) {
  const tuning = { ...DEFAULT_TUNING, ...tu, abstain: { ...DEFAULT_TUNING.abstain, ...(tu.abstain ?? {}) } };
  const out: string[] = [];
  for (const { dir, qf, passages, vectors } of data) {
    const engine = createSearchEngine({ passages, vectors, embedder: emb, tuning });
    const qs = parseQuestions(readFileSync(qf, 'utf8'), qf);
    const ranks: Record<string,(number|undefined)[]> = {}; let ok = 0, n = 0, wrong = 0;
    for (const q of qs) {
      const r = await engine.search(q.question, { k: 10 });
      if (q.gold.length === 0) { n++; if (!r.answered) ok++; continue; }
      if (!r.answered) wrong++;
      (ranks[q.kind] ??= []).push(firstHitRank(r.hits.map(h => h.passage), q.gold));
    }
    const all = score(Object.values(ranks).flat()); const para = score(ranks.paraphrase ?? []);
    out.push(`${dir.split('/').pop()}: all h1=${all.hit1.toFixed(2)} h5=${all.hit5.toFixed(2)} mrr=${all.mrr10.toFixed(2)} para h1=${para.hit1.toFixed(2)} h5=${para.hit5.toFixed(2)} abst=${ok}/${n} wrong=${wrong}`);
  }
  console.log(JSON.stringify(tu), '\n  ' + out.join('\n  '));
}
