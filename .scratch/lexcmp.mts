import { readFileSync } from 'node:fs';
import { loadNotes } from '../src/notes/load.ts';
import { createSearchEngine, DEFAULT_TUNING } from '../src/search/engine.ts';
import { firstHitRank, parseQuestions, score } from '../scripts/lib/eval-metrics.ts';
for (const [dir, qf] of [['notes','tests/fixtures/eval/notes-questions.jsonl'],['tests/fixtures/corpus','tests/fixtures/eval/corpus-questions.jsonl']]) {
  const { passages } = await loadNotes(dir, 'https://x/');
  for (const boost of [1.5, 1, 0]) {
    const engine = createSearchEngine({ passages, tuning: { ...DEFAULT_TUNING, lexical: { titleBoost: boost, headingBoost: boost } } });
    const ranks: Record<string, (number|undefined)[]> = {};
    for (const q of parseQuestions(readFileSync(qf, 'utf8'), qf).filter(q => q.gold.length)) (ranks[q.kind] ??= []).push(firstHitRank((await engine.search(q.question, { k: 10 })).hits.map(h => h.passage), q.gold));
    const all = score(Object.values(ranks).flat()), para = score(ranks.paraphrase!);
    console.log(dir.slice(-6), 'boost', boost, 'all', all.hit1.toFixed(2), all.hit5.toFixed(2), all.mrr10.toFixed(2), 'para', para.hit1.toFixed(2), para.hit5.toFixed(2));
  }
}
