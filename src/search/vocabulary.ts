/**
 * The words of the notes as written (lower case), each with the search term it stands for: what a
 * misspelt word or a run-together pair in a question is matched against.
 */
export class Vocabulary {
  private readonly byLength = new Map<number, string[]>();

  constructor(private readonly words: ReadonlyMap<string, string>) {
    for (const word of words.keys()) {
      const list = this.byLength.get(word.length) ?? [];
      list.push(word);
      this.byLength.set(word.length, list);
    }
  }

  /** The term a word of the notes stands for; undefined when the notes never write it. */
  term(word: string): string | undefined {
    return this.words.get(word);
  }

  /**
   * The notes' words nearest to a word they do not hold, within `max` edits (an insertion, a
   * deletion, a substitution or two neighbours swapped), nearest first.
   */
  near(word: string, max: number): { word: string; distance: number }[] {
    const found: { word: string; distance: number }[] = [];
    for (let length = word.length - max; length <= word.length + max; length++) {
      for (const candidate of this.byLength.get(length) ?? []) {
        const distance = editDistance(word, candidate, max);
        if (distance <= max) found.push({ word: candidate, distance });
      }
    }
    return found.sort((a, b) => a.distance - b.distance || a.word.localeCompare(b.word));
  }
}

/**
 * Damerau–Levenshtein distance (optimal string alignment) between a and b, or max + 1 as soon as
 * it is certain to exceed max: a question's word is compared with thousands of the notes' words.
 */
export function editDistance(a: string, b: string, max = Infinity): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prevprev: number[] = [];
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, prevprev[j - 2]! + 1);
      row.push(d);
      best = Math.min(best, d);
    }
    if (best > max) return max + 1;
    prevprev = prev;
    prev = row;
  }
  return prev[b.length]!;
}
