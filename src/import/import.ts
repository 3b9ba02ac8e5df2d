import { lstat, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { silentLog, type Log } from '../log/log.js';
import { readFrontMatter } from '../notes/front-matter.js';
import { DEFAULT_MAX_NOTE_BYTES } from '../notes/load.js';
import { listFromFeed } from './feed.js';
import { createFetcher, DEFAULT_FETCH, type FetchOptions } from './http.js';
import { fileState, notePath, renderedHash, renderNoteFile } from './note-file.js';
import type { ImportFailure, Listing, ListingLimits } from './post.js';
import { listFromSitemap } from './sitemap.js';
import { listFromApi } from './wordpress-api.js';

export interface ImportOptions {
  site: string;
  outDir: string;
  /** Delete imported notes whose post is gone (only when the whole listing was read). */
  prune: boolean;
  /** Overwrite notes edited by hand, and with prune delete them too. */
  force: boolean;
  /** Listing pages read at most: a site can claim any number (default 100: 10,000 posts). */
  maxPages?: number;
  /** Only posts modified after this ISO time, where the site can list them so (a sync). */
  modifiedAfter?: string;
  /** The HTTP client's settings; its origin is always the site's. */
  fetch?: Omit<FetchOptions, 'origin'>;
  log?: Log;
}

export const DEFAULT_MAX_PAGES = 100;

export interface ImportSummary {
  source: 'WordPress API' | 'feed' | 'sitemap';
  added: string[];
  updated: string[];
  unchanged: string[];
  /** Notes edited by hand and left alone; upstreamChanged: the post changed too. */
  kept: { file: string; upstreamChanged: boolean }[];
  failed: ImportFailure[];
  /** Posts imported all the same, without a field that could not be read. */
  warnings: ImportFailure[];
  pruned: string[];
  /** Notes edited by hand whose post is gone: kept, since --force was not given. */
  pruneKept: string[];
  /** Why --prune deleted nothing, when it did not run. */
  pruneSkipped?: string;
  /** Notes of your own with the address of an imported post: likely older copies to delete. */
  sameUrl: { own: string; imported: string }[];
}

const SOURCES = [
  ['WordPress API', listFromApi],
  ['feed', listFromFeed],
  ['sitemap', listFromSitemap],
] as const;

/** The notes already in the output folder, with their text: plain files only, none too big to be a note. */
async function existingNotes(dir: string): Promise<{ file: string; text: string }[]> {
  const notes: { file: string; text: string }[] = [];
  for (const entry of (await readdir(dir, { recursive: true })).filter((f) => f.endsWith('.md'))) {
    const full = path.join(dir, entry);
    const info = await lstat(full);
    if (!info.isFile() || info.size > DEFAULT_MAX_NOTE_BYTES) continue;
    notes.push({ file: entry.split(path.sep).join('/'), text: await readFile(full, 'utf8') });
  }
  return notes;
}

/** The `url` of a note's front matter; empty when it has none or the front matter is broken. */
function frontMatterUrl(text: string): string {
  try {
    const { url } = readFrontMatter(text).data;
    return typeof url === 'string' ? url : '';
  } catch {
    return '';
  }
}

async function readIfExists(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/**
 * Imports a WordPress site's posts as notes: through its REST API, else its feed, else its
 * sitemap. Adds new notes, updates changed ones, leaves hand-edited ones alone unless forced,
 * and deletes only with --prune after a complete listing, and only notes whose post it did not
 * list. The site is untrusted: only its own origin is fetched, listings and bodies are bounded,
 * and a post that cannot be read or written is reported while the rest go on.
 */
export async function importSite(options: ImportOptions): Promise<ImportSummary> {
  const site = options.site.replace(/\/+$/, '');
  const log = options.log ?? silentLog;
  const limits: ListingLimits = { maxPages: options.maxPages ?? DEFAULT_MAX_PAGES, origin: new URL(site).origin, modifiedAfter: options.modifiedAfter };
  const fetchPage = createFetcher({ ...DEFAULT_FETCH, ...options.fetch, origin: limits.origin });

  let listing: Listing | undefined;
  let source: ImportSummary['source'] = 'WordPress API';
  const offs: string[] = [];
  for (const [name, list] of SOURCES) {
    const result = await list(site, fetchPage, limits);
    if ('off' in result) {
      offs.push(`${name}: ${result.off}`);
      log.info(`${name} not available (${result.off})`);
      continue;
    }
    listing = result;
    source = name;
    break;
  }
  if (!listing) throw new Error(`found no posts at ${site}: ${offs.join('; ')}`);
  log.info(`read ${listing.posts.length} posts through the ${source}`);

  await mkdir(options.outDir, { recursive: true });
  const summary: ImportSummary = {
    source,
    added: [],
    updated: [],
    unchanged: [],
    kept: [],
    failed: listing.failures,
    warnings: listing.warnings,
    pruned: [],
    pruneKept: [],
    sameUrl: [],
  };
  const seen = new Set<string>();
  for (const post of listing.posts) {
    const file = notePath(post);
    if (seen.has(file)) {
      summary.failed.push({ url: post.url, reason: `another post already imports to ${file}` });
      continue;
    }
    seen.add(file);
    try {
      const target = path.join(options.outDir, file);
      const rendered = renderNoteFile(post);
      const existing = await readIfExists(target);
      if (existing === undefined) {
        await mkdir(path.dirname(target), { recursive: true });
        await writeFile(target, rendered);
        summary.added.push(file);
        continue;
      }
      const state = fileState(existing);
      const upstreamChanged = state.kind === 'own' ? existing !== rendered : state.hash !== renderedHash(rendered);
      if (state.kind === 'imported' && !upstreamChanged) {
        summary.unchanged.push(file);
      } else if (state.kind === 'imported' || options.force) {
        await writeFile(target, rendered);
        summary.updated.push(file);
      } else {
        summary.kept.push({ file, upstreamChanged });
      }
    } catch (error) {
      summary.failed.push({ url: post.url, reason: `cannot write ${file}: ${(error as Error).message}` });
    }
  }

  const notes = await existingNotes(options.outDir);
  const byUrl = new Map(listing.posts.map((p) => [p.url, notePath(p)]));
  for (const { file, text } of notes) {
    if (fileState(text).kind !== 'own') continue;
    const imported = byUrl.get(frontMatterUrl(text));
    if (imported && imported !== file) summary.sameUrl.push({ own: file, imported });
  }

  if (options.prune) {
    if (!listing.complete) {
      summary.pruneSkipped = 'the listing was not read whole (a page failed or was over --max-pages), so a post missing from it may still exist';
    } else {
      const listed = new Set(listing.listed);
      for (const { file, text } of notes) {
        const state = fileState(text).kind;
        const url = frontMatterUrl(text);
        if (state === 'own' || !url.startsWith(limits.origin) || listed.has(url)) continue;
        if (state === 'edited' && !options.force) {
          summary.pruneKept.push(file);
          continue;
        }
        await rm(path.join(options.outDir, file));
        summary.pruned.push(file);
      }
    }
  }
  return summary;
}
