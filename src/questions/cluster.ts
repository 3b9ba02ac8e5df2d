/**
 * Questions grouped by meaning: "12 questions about RIR membership fees" reads as one line.
 * Average-link agglomerative clustering over unit vectors (the embedder's): two groups merge while
 * their questions are, on average, at least `threshold` alike. Small inputs (a report's uncovered
 * questions, hundreds at most): the quadratic cost is nothing.
 */
export interface Cluster {
  /** Indexes of the questions in the group, the most central first. */
  members: number[];
}

function dot(a: Float32Array, b: Float32Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

export function clusterByMeaning(vectors: Float32Array[], threshold: number): Cluster[] {
  const n = vectors.length;
  const sim = vectors.map((a) => vectors.map((b) => dot(a, b)));
  let groups = vectors.map((_, i) => [i]);
  const link = (a: number[], b: number[]) => {
    let total = 0;
    for (const i of a) for (const j of b) total += sim[i]![j]!;
    return total / (a.length * b.length);
  };
  for (;;) {
    let best = -Infinity;
    let pair: [number, number] | undefined;
    for (let x = 0; x < groups.length; x++) {
      for (let y = x + 1; y < groups.length; y++) {
        const s = link(groups[x]!, groups[y]!);
        if (s > best) [best, pair] = [s, [x, y]];
      }
    }
    if (!pair || best < threshold) break;
    const [x, y] = pair;
    groups = [...groups.filter((_, i) => i !== x && i !== y), [...groups[x]!, ...groups[y]!]];
  }
  // The most central question first: the one most like the rest of its group.
  const centrality = (i: number, group: number[]) => group.reduce((t, j) => t + sim[i]![j]!, 0);
  return groups
    .map((group) => ({ members: [...group].sort((a, b) => centrality(b, group) - centrality(a, group) || a - b) }))
    .sort((a, b) => b.members.length - a.members.length || a.members[0]! - b.members[0]!)
    .filter(() => n > 0);
}
