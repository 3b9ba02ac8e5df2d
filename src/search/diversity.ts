/** How many places at the top the per-note limit applies to. */
export const DIVERSE_TOP = 5;

/**
 * The last stage: the top k with at most perNote passages of one note among the first five, so
 * that one long note does not fill an answer; the rest follow in score order.
 */
export function diversify<T extends { passage: { noteId: string } }>(ranked: T[], k: number, perNote: number): T[] {
  const chosen: T[] = [];
  const count = new Map<string, number>();
  for (const hit of ranked) {
    if (chosen.length >= Math.min(k, DIVERSE_TOP)) break;
    const n = count.get(hit.passage.noteId) ?? 0;
    if (n < perNote) {
      chosen.push(hit);
      count.set(hit.passage.noteId, n + 1);
    }
  }
  if (chosen.length >= k) return chosen.slice(0, k);
  const rest = ranked.filter((h) => !chosen.includes(h));
  return [...chosen, ...rest].slice(0, k);
}
