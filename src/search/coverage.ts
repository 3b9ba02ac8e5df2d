import type { TermSet } from './lexical.js';
import type { TermGroup } from './plan.js';

/**
 * How much of a question a passage holds: the share of the question's content words, each
 * weighed by its IDF (rare words say more) and by how it was matched (a misspelling's stand-in
 * counts less), found in the passage. What "not covered" and the fusion weight are judged by.
 */
export function coverageJudge(groups: TermGroup[], idf: (term: string) => number): (own: TermSet) => number {
  const weighted = groups.map((g) => ({ g, alternatives: [...g.alternatives].map(([term, w]) => ({ term, value: idf(term) * w * g.weight })) }));
  const total = weighted.reduce((n, { alternatives }) => n + Math.max(0, ...alternatives.map((a) => a.value)), 0);
  return (own) => {
    if (total === 0) return 0;
    let found = 0;
    for (const { alternatives } of weighted) found += Math.max(0, ...alternatives.filter((a) => own.has(a.term)).map((a) => a.value));
    return found / total;
  };
}
