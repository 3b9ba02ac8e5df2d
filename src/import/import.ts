import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { silentLog, type Log } from '../log/log.js';
import { readFrontMatter } from '../notes/front-matter.js';
import { listFromFeed } from './feed.js';
import { createFetcher, DEFAULT_FETCH, type FetchOptions } from './http.js';
import { fileState, notePath, renderedHash, renderNoteFile } from './note-file.js';
import type { ImportFailure, Listing } from './post.js';
import { listFromSitemap } from './sitemap.js';
import { listFromApi } from './wordpress-api.js';

export interface ImportOptions {
  site: string;
  outDir: string;
  /** Delete imported notes whose post is gone (only when the whole listing was read). */
  prune: boolean;
  /** Overwrite notes edited by hand. */
  force: boolean;
  fetch?: FetchOptions;
  log?: Log;
}

export interface ImportSummary {
  source: 'WordPress API' | 'feed' | 'sitemap';
  added: string[];
  updated: string[];
  unchanged: string[];
  /** Notes edited by hand and left alone; upstreamChanged: the post changed too. */
  kept: { file: string; upstreamChanged: boolean }[];
  failed: ImportFailure[];
  pruned: string[];
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

async function markdownFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true });
  return entries.filter((f) => f.endsWith('.md')).map((f) => f.split(path.sep).join('/'));
}

/** A note's front matter, or nothing when it does not parse: a broken note is the loader's to report. */
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
 * and deletes only with --prune after a complete listing.
 */
export async function importSite(options: ImportOptions): Promise<ImportSummary> {
  const site = options.site.replace(/\/+$/, '');
  const log = options.log ?? silentLog;
  const fetchPage = createFetcher(options.fetch ?? DEFAULT_FETCH);

  let listing: Listing | undefined;
  let source: ImportSummary['source'] = 'WordPress API';
  const offs: string[] = [];
  for (const [name, list] of SOURCES) {
    const result = await list(site, fetchPage);
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
  const summary: ImportSummary = { source, added: [], updated: [], unchanged: [], kept: [], failed: listing.failures, pruned: [], sameUrl: [] };
  const seen = new Set<string>();
  for (const post of listing.posts) {
    const file = notePath(post);
    if (seen.has(file)) {
      summary.failed.push({ url: post.url, reason: `another post already imports to ${file}` });
      continue;
    }
    seen.add(file);
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
  }

  const byUrl = new Map(listing.posts.map((p) => [p.url, notePath(p)]));
  for (const file of await markdownFiles(options.outDir)) {
    const text = await readFile(path.join(options.outDir, file), 'utf8');
    if (fileState(text).kind !== 'own') continue;
    const imported = byUrl.get(frontMatterUrl(text));
    if (imported && imported !== file) summary.sameUrl.push({ own: file, imported });
  }

  if (options.prune) {
    if (!listing.complete) {
      summary.pruneSkipped = 'a page of the listing failed, so a post missing from it may still exist';
    } else {
      const listed = new Set(listing.posts.map((p) => p.url));
      const origin = new URL(site).origin;
      for (const file of await markdownFiles(options.outDir)) {
        const text = await readFile(path.join(options.outDir, file), 'utf8');
        if (fileState(text).kind === 'own') continue;
        const url = frontMatterUrl(text);
        if (!url.startsWith(origin) || listed.has(url)) continue;
        await rm(path.join(options.outDir, file));
        summary.pruned.push(file);
      }
    }
  }
  return summary;
}
