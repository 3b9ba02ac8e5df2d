import { createHash } from 'node:crypto';
import type { Passage } from '../notes/passages.js';

/**
 * Text reduced to its words, without digits (a footer with this year's date is still the footer),
 * as a hash, and how many words: remembered per passage object, since a re-index sees mostly the
 * same passages again.
 */
function shape(p: Passage): { key: string; words: number } {
  let found = shapes.get(p);
  if (!found) {
    const words = p.text
      .normalize('NFKC')
      .toLowerCase()
      .replace(/[^\p{L}]+/gu, ' ')
      .trim();
    found = { key: createHash('sha256').update(words).digest('base64'), words: words ? words.split(' ').length : 0 };
    shapes.set(p, found);
  }
  return found;
}

const shapes = new WeakMap<Passage, { key: string; words: number }>();

/** Works out the passages' shapes now, for the suppressedPassages over them that will follow. */
export function rememberShapes(passages: readonly Passage[]): void {
  for (const p of passages) shape(p);
}

/** A passage that recurs in this many notes is boilerplate: an author box, a disclaimer, a footer. */
export const BOILERPLATE_NOTES = 3;

/**
 * The passages that must not be shown: boilerplate (the same words in three notes or more), and
 * the second copies of a passage two notes share (a translation mirror, an index page quoting a
 * note's opening), which is shown once, from its home: the note it opens, else the longer note.
 */
export function suppressedPassages(passages: readonly Passage[]): Set<number> {
  // A passage alone with its shape (nearly all) is noted as its position, not a list: at 100,000
  // passages a list and a set of notes for each took 0.15 s of every re-index, most of it garbage.
  const byShape = new Map<string, number | number[]>();
  passages.forEach((p, i) => {
    const { key, words } = shape(p);
    if (words < 5) return;
    const copies = byShape.get(key);
    if (copies === undefined) byShape.set(key, i);
    else if (typeof copies === 'number') byShape.set(key, [copies, i]);
    else copies.push(i);
  });
  const perNote = new Map<string, number>();
  const firstOfNote = new Set<number>();
  passages.forEach((p, i) => {
    if (!perNote.has(p.noteId)) firstOfNote.add(i);
    perNote.set(p.noteId, (perNote.get(p.noteId) ?? 0) + 1);
  });
  const suppressed = new Set<number>();
  for (const copies of byShape.values()) {
    if (typeof copies === 'number') continue;
    const notes = new Set(copies.map((i) => passages[i]!.noteId));
    if (notes.size < 2) continue;
    if (notes.size >= BOILERPLATE_NOTES) {
      copies.forEach((i) => suppressed.add(i));
      continue;
    }
    const home = [...copies].sort(
      (a, b) => Number(firstOfNote.has(b)) - Number(firstOfNote.has(a)) || perNote.get(passages[b]!.noteId)! - perNote.get(passages[a]!.noteId)! || a - b,
    )[0]!;
    copies.forEach((i) => i !== home && suppressed.add(i));
  }
  return suppressed;
}
