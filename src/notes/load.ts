import { lstat, readdir, readFile, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { parseNoteDate } from './dates.js';
import { FrontMatterError, readFrontMatter } from './front-matter.js';
import { parseMarkdown, type TextBlock } from './markdown.js';
import { noteInfo, type Note, type NoteInfo, type NoteProblem } from './note.js';
import { notePassages, type Passage } from './passages.js';

const frontMatterSchema = z.looseObject({
  title: z.string().trim().min(1).optional(),
  url: z.url({ protocol: /^https?$/ }).optional(),
  date: z.union([z.string(), z.date()]).optional(),
  // A single tag is written as a string often enough to accept it.
  tags: z.union([z.array(z.string()), z.string()]).optional(),
  lang: z.string().trim().min(1).optional(),
  draft: z.boolean().optional(),
});

export type ParsedNote =
  { kind: 'note'; note: Note; warnings: NoteProblem[]; blocks: TextBlock[] } | { kind: 'draft'; file: string } | { kind: 'broken'; problem: NoteProblem };

/** The slug a note gets from its file path: `essays/Why IPv4.md` → `essays/why-ipv4`. */
export function slugify(id: string): string {
  return id
    .split('/')
    .map((part) =>
      part
        .normalize('NFKD')
        .replace(/[\u0300-\u036f]/g, '')
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, '-')
        .replace(/^-+|-+$/g, ''),
    )
    .filter(Boolean)
    .join('/');
}

/**
 * A title as one plain line: a title is shown in lists and links, where a line break or control
 * character would break the layout. Markdown in it is escaped where it is shown.
 */
export function oneLine(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\s]+/g, ' ').trim();
}

/** The 1-based line of a top-level key in the front matter (the opening `---` is line 1). */
function fieldLine(content: string, field: string): number | undefined {
  const lines = content.split(/\r?\n/);
  const index = lines.findIndex((line, i) => i > 0 && line.startsWith(`${field}:`));
  return index < 0 ? undefined : index + 1;
}

/**
 * Turns one Markdown file into a note, or says why it cannot be one. Pure: the caller reads
 * the file. `file` is its path relative to the notes folder.
 */
export function parseNote(file: string, content: string, baseUrl: string): ParsedNote {
  const id = file.replace(/\\/g, '/').replace(/\.md$/i, '');
  let parsed: ReturnType<typeof readFrontMatter>;
  try {
    parsed = readFrontMatter(content);
  } catch (error) {
    if (!(error instanceof FrontMatterError)) throw error;
    return { kind: 'broken', problem: { file, line: error.line, reason: error.message } };
  }
  const fm = frontMatterSchema.safeParse(parsed.data);
  if (!fm.success) {
    const issue = fm.error.issues[0]!;
    const field = String(issue.path[0] ?? '');
    return { kind: 'broken', problem: { file, field, line: fieldLine(content, field), reason: issue.message } };
  }
  const data = fm.data;
  if (data.draft) return { kind: 'draft', file };

  const { body } = parsed;
  const warnings: NoteProblem[] = [];
  const { blocks, title: heading } = parseMarkdown(body);
  if (blocks.length === 0) {
    return { kind: 'broken', problem: { file, reason: 'the note has no text after its front matter' } };
  }
  let date: string | undefined;
  if (data.date !== undefined) {
    date = parseNoteDate(data.date);
    if (date === undefined) {
      date = String(data.date);
      warnings.push({ file, field: 'date', line: fieldLine(content, 'date'), reason: `"${date}" is not a date I can read; kept as text` });
    }
  }
  const tags =
    typeof data.tags === 'string'
      ? data.tags
          .split(',')
          .map((t) => t.trim())
          .filter(Boolean)
      : (data.tags ?? []);
  return {
    kind: 'note',
    note: {
      id,
      file,
      title: [data.title, heading, path.posix.basename(id)].map((t) => oneLine(t ?? '')).find(Boolean) ?? id,
      // Normalised: the address is put inside <…> in Discord's Markdown, where a raw '>' would end it.
      url: new URL(data.url ?? slugify(id), baseUrl).href,
      date,
      tags,
      lang: data.lang,
      body,
    },
    warnings,
    blocks,
  };
}

export interface LoadedNotes {
  /** Without their Markdown, once cut into passages: a cache would otherwise hold every note twice. */
  notes: NoteInfo[];
  /** The passages of all notes, in note order. */
  passages: Passage[];
  /** Files that were not indexed, with the reason. */
  broken: NoteProblem[];
  /** Oddities in notes that were indexed anyway. */
  warnings: NoteProblem[];
  drafts: string[];
  /** False when a cache was given and no file was added, changed or removed since it was filled. */
  changed: boolean;
}

interface CachedFile {
  mtimeMs: number;
  size: number;
  /** Without the Markdown (its blocks held 64 MB at 10,000 passages), once cut into passages. */
  parsed: Exclude<ParsedNote, { kind: 'note' }> | { kind: 'note'; note: NoteInfo; warnings: NoteProblem[] };
  passages: Passage[];
}

/**
 * What loadNotes learned of each file, by path: a file whose size and modification time are
 * unchanged is not read or parsed again. A running bot keeps one across re-indexes.
 */
export type NotesCache = Map<string, CachedFile>;

// Parsing a large folder takes seconds; yielding now and then keeps a bot answering meanwhile.
const YIELD_EVERY_MS = 20;

/** The default of MAX_NOTE_KB: a note is an essay; a bigger file is a mistake or an attack. */
export const DEFAULT_MAX_NOTE_BYTES = 1024 * 1024;

export interface LoadOptions {
  /** Remembers parsed files between calls: an unchanged file is not read again. */
  cache?: NotesCache;
  /** A larger file is reported and skipped, unread. */
  maxNoteBytes?: number;
}

const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MB`;

/** The text of a note file, or why it is not one: binary, or not UTF-8 (with the line). */
export function decodeNote(bytes: Uint8Array): { text: string } | { problem: string; line?: number } {
  if (bytes.includes(0)) return { problem: 'a binary file, not text (it holds NUL bytes)' };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes) };
  } catch {
    const lenient = new TextDecoder('utf-8').decode(bytes);
    const line = lenient.slice(0, lenient.indexOf('\uFFFD')).split('\n').length;
    return { problem: 'not valid UTF-8 text: save it as UTF-8', line };
  }
}

/**
 * Where a folder entry really is, and whether it may be read: a link is followed only to a file
 * inside the notes folder. Notes are untrusted; a link to /etc/passwd must not be quoted.
 */
async function inspect(root: string, full: string): Promise<{ size: number; mtimeMs: number; isFile: boolean } | { outside: string }> {
  const info = await lstat(full);
  if (!info.isSymbolicLink()) return { size: info.size, mtimeMs: info.mtimeMs, isFile: info.isFile() };
  const target = await realpath(full);
  if (target !== root && !target.startsWith(root + path.sep)) return { outside: target };
  const followed = await stat(target);
  return { size: followed.size, mtimeMs: Math.max(followed.mtimeMs, info.mtimeMs), isFile: followed.isFile() };
}

/** Reads every `*.md` under `dir` (recursively), in a stable order, and splits them into passages. */
export async function loadNotes(dir: string, baseUrl: string, { cache, maxNoteBytes = DEFAULT_MAX_NOTE_BYTES }: LoadOptions = {}): Promise<LoadedNotes> {
  let entries: string[];
  let root: string;
  try {
    entries = await readdir(dir, { recursive: true });
    root = await realpath(dir);
  } catch (error) {
    throw new Error(`cannot read the notes folder ${dir}: ${(error as Error).message}`, { cause: error });
  }
  const files = entries.filter((f) => f.toLowerCase().endsWith('.md') && !path.basename(f).startsWith('.')).sort();
  const result: LoadedNotes = { notes: [], passages: [], broken: [], warnings: [], drafts: [], changed: !cache };
  const seen = new Set<string>();
  let lastYield = Date.now();
  // All at once: a folder that has not changed costs one round of stats, not one per file in turn.
  const infos = await Promise.all(files.map((file) => inspect(root, path.join(dir, file)).catch((error: Error) => error)));
  for (const [n, file] of files.entries()) {
    const rel = file.split(path.sep).join('/');
    const full = path.join(dir, file);
    seen.add(full);
    let entry: CachedFile | undefined;
    try {
      const info = infos[n]!;
      if (info instanceof Error) throw info;
      if ('outside' in info) {
        result.broken.push({ file: rel, reason: `a link to ${info.outside}, outside the notes folder: not followed` });
        continue;
      }
      if (!info.isFile) continue;
      entry = cache?.get(full);
      if (!entry || entry.mtimeMs !== info.mtimeMs || entry.size !== info.size) {
        const parsed = parseFile(rel, info.size > maxNoteBytes ? undefined : await readFile(full), info.size, maxNoteBytes, baseUrl);
        const passages = parsed.kind === 'note' ? notePassages(parsed.note, undefined, parsed.blocks) : [];
        const kept = parsed.kind === 'note' ? { kind: parsed.kind, note: noteInfo(parsed.note), warnings: parsed.warnings } : parsed;
        entry = { mtimeMs: info.mtimeMs, size: info.size, parsed: kept, passages };
        cache?.set(full, entry);
        result.changed = true;
      }
    } catch (error) {
      result.broken.push({ file: rel, reason: `cannot be read: ${(error as Error).message}` });
      continue;
    }
    const { parsed } = entry;
    if (parsed.kind === 'note') {
      result.notes.push(parsed.note);
      result.passages.push(...entry.passages);
      result.warnings.push(...parsed.warnings);
    } else if (parsed.kind === 'draft') result.drafts.push(rel);
    else result.broken.push(parsed.problem);
    if (Date.now() - lastYield > YIELD_EVERY_MS) {
      await new Promise((resolve) => setImmediate(resolve));
      lastYield = Date.now();
    }
  }
  for (const key of cache?.keys() ?? []) {
    if (key.startsWith(dir) && !seen.has(key)) {
      cache!.delete(key);
      result.changed = true;
    }
  }
  return result;
}

/** A file's bytes (undefined when too big to read) to a note, or why it is not one. */
function parseFile(file: string, bytes: Uint8Array | undefined, size: number, maxNoteBytes: number, baseUrl: string): ParsedNote {
  if (!bytes) return { kind: 'broken', problem: { file, reason: `${mb(size)} is over the limit of ${mb(maxNoteBytes)} a note (MAX_NOTE_KB): not read` } };
  const decoded = decodeNote(bytes);
  if ('problem' in decoded) return { kind: 'broken', problem: { file, line: decoded.line, reason: decoded.problem } };
  return parseNote(file, decoded.text, baseUrl);
}
