/** A note as loaded from its Markdown file: front matter resolved, body untouched. */
export interface Note {
  /** The file's path under the notes folder, without `.md`, with `/` separators. */
  id: string;
  /** The file's path relative to the notes folder, for messages. */
  file: string;
  title: string;
  url: string;
  /** ISO date (YYYY-MM-DD) when the front matter's date could be read, else its text as written. */
  date?: string;
  tags: string[];
  lang?: string;
  /** The Markdown body after the front matter; passage offsets point into it. */
  body: string;
}

/** A note as the bot lists and links it: its body is not kept once it is cut into passages. */
export type NoteInfo = Omit<Note, 'body'>;

export function noteInfo(note: Note): NoteInfo {
  const { id, file, title, url, date, tags, lang } = note;
  return { id, file, title, url, date, tags, lang };
}

/** Why a file was not indexed, or what was odd about one that was. */
export interface NoteProblem {
  file: string;
  line?: number;
  field?: string;
  reason: string;
}

export function formatProblem(p: NoteProblem): string {
  const where = p.line === undefined ? p.file : `${p.file}:${p.line}`;
  return `${where}: ${p.field ? `${p.field}: ` : ''}${p.reason}`;
}
