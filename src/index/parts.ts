import { createHash } from 'node:crypto';
import type { Passage } from '../notes/passages.js';

/**
 * How the passages of an index are cut into parts on disk. A part is whole notes, cut after a
 * note once it holds `min` passages and the note's id hashes to a multiple of `every` (or once
 * it holds `max`). The cut depends on the notes around it, not on a passage's position, so an
 * edited, added or removed note changes the part that holds it and rarely the one after: the
 * other parts keep their keys and are not written again.
 */
export interface PartSizes {
  min: number;
  every: number;
  max: number;
}

/** About 550 passages a part: 180 parts at 100,000 passages, a part 0.8 MB of vectors at 384 dimensions. */
export const DEFAULT_PART_SIZES: PartSizes = { min: 512, every: 4, max: 4096 };

/** FNV-1a: a stable hash of a note's id, the same on every machine and run. */
function noteHash(id: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** The parts as [start, end) ranges of the passages, which come note by note. */
export function partRanges(passages: readonly Pick<Passage, 'noteId'>[], sizes: PartSizes = DEFAULT_PART_SIZES): [number, number][] {
  const ranges: [number, number][] = [];
  let start = 0;
  for (let i = 0; i < passages.length; i++) {
    const noteId = passages[i]!.noteId;
    const noteEnds = i + 1 === passages.length || passages[i + 1]!.noteId !== noteId;
    if (!noteEnds) continue;
    const size = i + 1 - start;
    if (size >= sizes.max || (size >= sizes.min && noteHash(noteId) % sizes.every === 0)) {
      ranges.push([start, i + 1]);
      start = i + 1;
    }
  }
  if (start < passages.length) ranges.push([start, passages.length]);
  return ranges;
}

/**
 * A part's name: a hash of what decides its files' bytes (the index's model and format, and each
 * passage's id, which hashes its note, title, address, headings and text, with its date and
 * offsets). The same name is the same part, so a build keeps it instead of writing it again.
 */
export function partKey(scope: string, passages: readonly Pick<Passage, 'id' | 'date' | 'start' | 'end'>[]): string {
  const hash = createHash('sha256').update(scope);
  for (const p of passages) hash.update(`\0${p.id}\0${p.date ?? ''}\0${p.start}\0${p.end}`);
  return hash.digest('hex').slice(0, 32);
}

/** Whether a manifest's part name is one partKey gives: nothing else is joined to the index's path. */
export const isPartKey = (key: unknown): key is string => typeof key === 'string' && /^[0-9a-f]{32}$/.test(key);
