/** Whether entry (s, i) ranks below entry (t, j): a lower score, or the same score at a higher index. */
const below = (s: number, i: number, t: number, j: number) => s < t || (s === t && i > j);

/** Puts (s, i) in at the root of a min-heap of n entries whose root has left, moving entries up. */
function siftDown(ids: Int32Array, keys: Float64Array, n: number, s: number, i: number): void {
  let at = 0;
  for (;;) {
    let child = 2 * at + 1;
    if (child >= n) break;
    if (child + 1 < n && below(keys[child + 1]!, ids[child + 1]!, keys[child]!, ids[child]!)) child++;
    if (!below(keys[child]!, ids[child]!, s, i)) break;
    ids[at] = ids[child]!;
    keys[at] = keys[child]!;
    at = child;
  }
  ids[at] = i;
  keys[at] = s;
}

/**
 * The indexes of the k largest scores, best first (of equal scores, the lower index first), in one
 * pass with a small min-heap: cheaper than sorting every passage when k is small. With `among`,
 * only those indexes are considered. The heap is two typed arrays (indexes, and their scores beside
 * them) whose entries move rather than swap: an array of indexes swapped by destructuring, and a
 * final sort whose comparator read the scores again, took about twice as long.
 */
export function topIndexes(scores: ArrayLike<number>, k: number, among?: ArrayLike<number>): number[] {
  const count = among ? among.length : scores.length;
  const size = Math.max(0, Math.min(k, count));
  const ids = new Int32Array(size);
  const keys = new Float64Array(size);
  let n = 0;
  // The root's score, kept in a local once the heap is full: most scores are below it and cost one comparison.
  let floor = -Infinity;
  for (let j = 0; j < count; j++) {
    const i = among ? among[j]! : j;
    const s = scores[i]!;
    if (s < floor) continue;
    if (n < size) {
      let at = n++;
      while (at > 0) {
        const parent = (at - 1) >> 1;
        if (!below(s, i, keys[parent]!, ids[parent]!)) break;
        ids[at] = ids[parent]!;
        keys[at] = keys[parent]!;
        at = parent;
      }
      ids[at] = i;
      keys[at] = s;
      if (n === size) floor = keys[0]!;
    } else if (size > 0 && below(keys[0]!, ids[0]!, s, i)) {
      siftDown(ids, keys, n, s, i);
      floor = keys[0]!;
    }
  }
  // Taking the worst out one at a time fills the answer from its end.
  const best = new Array<number>(n);
  while (n > 0) {
    best[--n] = ids[0]!;
    siftDown(ids, keys, n, keys[n]!, ids[n]!);
  }
  return best;
}
