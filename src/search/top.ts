/**
 * The indexes of the k largest scores, best first, in one pass with a small min-heap: cheaper
 * than sorting every passage when k is small. With `among`, only those indexes are considered.
 */
export function topIndexes(scores: ArrayLike<number>, k: number, among?: ArrayLike<number>): number[] {
  const heap: number[] = [];
  const less = (a: number, b: number) => scores[a]! < scores[b]!;
  const down = (i: number) => {
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < heap.length && less(heap[l]!, heap[m]!)) m = l;
      if (r < heap.length && less(heap[r]!, heap[m]!)) m = r;
      if (m === i) return;
      [heap[i], heap[m]] = [heap[m]!, heap[i]!];
      i = m;
    }
  };
  const count = among ? among.length : scores.length;
  // The heap's least score, once it is full: most scores are below it and cost one comparison.
  let floor = -Infinity;
  for (let j = 0; j < count; j++) {
    const i = among ? among[j]! : j;
    if (heap.length < k) {
      heap.push(i);
      for (let j = heap.length - 1; j > 0 && less(heap[j]!, heap[(j - 1) >> 1]!); j = (j - 1) >> 1) {
        [heap[j], heap[(j - 1) >> 1]] = [heap[(j - 1) >> 1]!, heap[j]!];
      }
      if (heap.length === k) floor = scores[heap[0]!]!;
    } else if (k > 0 && scores[i]! > floor) {
      heap[0] = i;
      down(0);
      floor = scores[heap[0]]!;
    }
  }
  return heap.sort((a, b) => scores[b]! - scores[a]!);
}

export function mean(values: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i]!;
  return values.length === 0 ? 0 : sum / values.length;
}

/**
 * The largest of the values (-Infinity when there are none). A loop: spreading a hundred thousand
 * scores into Math.max's arguments is slow, and past V8's limit throws.
 */
export function largest(values: Iterable<number>): number {
  let best = -Infinity;
  for (const v of values) if (v > best) best = v;
  return best;
}
