import { describe, expect, it } from 'vitest';
import { partKey, partRanges, type PartSizes } from '../../src/index/parts.js';

const SIZES: PartSizes = { min: 40, every: 4, max: 160 };

/** Passages of `notes` notes, note n holding 1 + (n * 7) % 12 of them: a corpus in the order notes come. */
function corpus(notes: number, edit: (noteId: string, passages: number) => number = (_, n) => n) {
  return Array.from({ length: notes }, (_, n) => {
    const noteId = `note-${n}`;
    return Array.from({ length: edit(noteId, 1 + ((n * 7) % 12)) }, (_, i) => ({ noteId, id: `${noteId}-${i}`, start: i * 10, end: i * 10 + 9 }));
  }).flat();
}

const keysOf = (passages: ReturnType<typeof corpus>) => partRanges(passages, SIZES).map(([a, b]) => partKey('scope', passages.slice(a, b)));

describe('parts of an index on disk', () => {
  it('cuts only between notes, into parts of at least min passages (but the last), closed at max', () => {
    const passages = corpus(300);
    const ranges = partRanges(passages, SIZES);
    expect(ranges[0]![0]).toBe(0);
    expect(ranges.at(-1)![1]).toBe(passages.length);
    ranges.forEach(([start, end], i) => {
      if (i > 0) expect(start).toBe(ranges[i - 1]![1]);
      expect(passages[end - 1]!.noteId).not.toBe(passages[end]?.noteId);
      if (i < ranges.length - 1) expect(end - start).toBeGreaterThanOrEqual(SIZES.min);
      // Closed at the end of the note that reached max: at most a note (12 passages here) past it.
      expect(end - start).toBeLessThan(SIZES.max + 12);
    });
    expect(ranges.length).toBeGreaterThan(20);
  });

  it('gives an edited note a new part and leaves every other part as it was', () => {
    const before = keysOf(corpus(300));
    const edited = corpus(300).map((p) => (p.noteId === 'note-150' ? { ...p, id: `${p.id}-edited` } : p));
    const after = keysOf(edited);
    expect(after).toHaveLength(before.length);
    expect(after.filter((k, i) => k !== before[i])).toHaveLength(1);
  });

  it('changes at most the part of a note that grows, shrinks, appears or goes, and the one after it', () => {
    const before = new Set(keysOf(corpus(300)));
    const variants = [
      corpus(300, (id, n) => (id === 'note-121' ? n + 9 : n)),
      corpus(300, (id, n) => (id === 'note-121' ? 1 : n)),
      corpus(300, (id, n) => (id === 'note-121' ? 0 : n)),
      [
        ...corpus(300).slice(0, 500),
        ...Array.from({ length: 6 }, (_, i) => ({ noteId: 'new-note', id: `new-${i}`, start: i, end: i + 1 })),
        ...corpus(300).slice(500),
      ],
    ];
    for (const passages of variants) {
      const changed = keysOf(passages).filter((k) => !before.has(k));
      expect(changed.length).toBeGreaterThanOrEqual(1);
      expect(changed.length).toBeLessThanOrEqual(2);
    }
  });

  it('names a part by its passages and what they were indexed with', () => {
    const passages = corpus(3);
    expect(partKey('a', passages)).toBe(
      partKey(
        'a',
        passages.map((p) => ({ ...p })),
      ),
    );
    expect(partKey('b', passages)).not.toBe(partKey('a', passages));
    expect(
      partKey(
        'a',
        passages.map((p, i) => (i === 2 ? { ...p, end: p.end + 1 } : p)),
      ),
    ).not.toBe(partKey('a', passages));
  });
});
