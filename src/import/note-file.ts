import { createHash } from 'node:crypto';
import matter from 'gray-matter';
import { htmlToMarkdown } from './html-to-markdown.js';
import type { ImportedPost } from './post.js';

const HASH_LINE = /^import_hash: [0-9a-f]{64}\n/m;

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** File systems allow 255 bytes a name; a slug in Chinese is three bytes a character. */
const MAX_NAME_BYTES = 150;

/** The longest start of text that fits in maxBytes of UTF-8, cut between characters. */
function utf8Prefix(text: string, maxBytes: number): string {
  let bytes = 0;
  let end = 0;
  for (const char of text) {
    bytes += Buffer.byteLength(char);
    if (bytes > maxBytes) break;
    end += char.length;
  }
  return text.slice(0, end);
}

/**
 * The note's path under the output folder: from the slug, stable across runs; Chinese posts under
 * zh/. A slug too long for a file name is cut to fit in bytes and keeps a hash of the whole, so
 * that two long slugs that begin alike stay two files.
 */
export function notePath(post: ImportedPost): string {
  const slug = post.slug
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 120);
  const fits = Buffer.byteLength(slug) <= MAX_NAME_BYTES;
  const name = !slug
    ? `post-${sha256(post.url).slice(0, 12)}`
    : fits
      ? slug
      : `${utf8Prefix(slug, MAX_NAME_BYTES - 9).replace(/-+$/, '')}-${sha256(slug).slice(0, 8)}`;
  return post.lang === 'zh' ? `zh/${name}.md` : `${name}.md`;
}

/**
 * The note file for a post: front matter, then the body as Markdown. Its last front-matter
 * line, import_hash, is the hash of the rest of the file as written: a file whose hash no
 * longer matches was edited by hand.
 */
export function renderNoteFile(post: ImportedPost): string {
  const data: Record<string, unknown> = { title: post.title, url: post.url };
  if (post.date) data.date = post.date.slice(0, 10);
  if (post.modified) data.modified = post.modified;
  data.lang = post.lang;
  if (post.categories.length > 0) data.categories = post.categories;
  if (post.tags.length > 0) data.tags = post.tags;
  const text = matter.stringify(`\n${htmlToMarkdown(post.html)}\n`, data);
  return text.replace(/\n---\n/, `\nimport_hash: ${sha256(text)}\n---\n`);
}

export type FileState =
  /** Written by the importer and untouched since. */
  | { kind: 'imported'; hash: string }
  /** Written by the importer, then edited by hand. */
  | { kind: 'edited'; hash: string }
  /** Not written by the importer. */
  | { kind: 'own' };

export function fileState(text: string): FileState {
  const hash = /^import_hash: ([0-9a-f]{64})$/m.exec(text)?.[1];
  if (!hash) return { kind: 'own' };
  return sha256(text.replace(HASH_LINE, '')) === hash ? { kind: 'imported', hash } : { kind: 'edited', hash };
}

/** The hash a rendered file carries: equal hashes, equal files. */
export function renderedHash(rendered: string): string {
  return /^import_hash: ([0-9a-f]{64})$/m.exec(rendered)![1]!;
}
