import { createHash } from 'node:crypto';
import type { NoteInfo } from '../notes/note.js';
import { LIMITS, truncate } from './limits.js';

/** A choice value for a note: its id, or a hash of it when the id is too long for Discord. */
export function noteValue(note: NoteInfo): string {
  return note.id.length <= LIMITS.choiceValue ? note.id : createHash('sha1').update(note.id).digest('hex').slice(0, 16);
}

/** The note a /quote option names: a chosen value, or a title typed out by hand. */
export function findNote(notes: NoteInfo[], value: string): NoteInfo | undefined {
  const wanted = value.trim().toLowerCase();
  return notes.find((n) => noteValue(n) === value) ?? notes.find((n) => n.title.toLowerCase() === wanted);
}

/**
 * Autocomplete choices for a typed fragment: titles starting with it first, then containing it,
 * then containing all its words; at most 25, names within 100 characters.
 */
export function noteChoices(notes: NoteInfo[], typed: string): { name: string; value: string }[] {
  const q = typed.trim().toLowerCase();
  const words = q.split(/\s+/).filter(Boolean);
  const rank = (n: NoteInfo): number => {
    const t = n.title.toLowerCase();
    if (!q) return 3;
    if (t.startsWith(q)) return 0;
    if (t.includes(q)) return 1;
    return words.every((w) => t.includes(w) || n.tags.some((tag) => tag.toLowerCase().includes(w))) ? 2 : -1;
  };
  return notes
    .map((n) => ({ n, r: rank(n) }))
    .filter(({ r }) => r >= 0)
    .sort((a, b) => a.r - b.r || a.n.title.localeCompare(b.n.title))
    .slice(0, LIMITS.choices)
    .map(({ n }) => ({ name: truncate(n.title, LIMITS.choiceName), value: noteValue(n) }));
}

/** Newest first, undated last; a filter matches title or tags, case-insensitively. */
export function listNotes(notes: NoteInfo[], filter: string): NoteInfo[] {
  const f = filter.trim().toLowerCase();
  return notes
    .filter((n) => !f || n.title.toLowerCase().includes(f) || n.tags.some((t) => t.toLowerCase().includes(f)))
    .sort((a, b) => (b.date ?? '').localeCompare(a.date ?? '') || a.title.localeCompare(b.title));
}
