/** A post as read from the site, whichever way it was listed, before it becomes a note. */
export interface ImportedPost {
  /** The permalink. */
  url: string;
  /** The post's slug, or what the permalink suggests. */
  slug: string;
  title: string;
  /** ISO timestamps. */
  date?: string;
  modified?: string;
  lang: string;
  categories: string[];
  tags: string[];
  /** The article's HTML: the post's own content only. */
  html: string;
}

import { FetchError } from './http.js';

/** A page or post that could not be imported, and why. */
export interface ImportFailure {
  url: string;
  reason: string;
}

/** What a listing found: posts, failures, and whether every listing page was read. */
export interface Listing {
  posts: ImportedPost[];
  failures: ImportFailure[];
  /** Posts imported all the same, without a field the site sent in a form that cannot be read. */
  warnings: ImportFailure[];
  /**
   * Every post address the listing named, read or not: a post whose page failed is still listed,
   * so --prune keeps its note.
   */
  listed: string[];
  /** False when a page of the listing itself failed or was not read: then a post missing from it may still exist. */
  complete: boolean;
}

/** Limits on what one import reads: a hostile site can claim any number of pages. */
export interface ListingLimits {
  /** Listing pages read at most (API pages, feed pages, sub-sitemaps). */
  maxPages: number;
  /** The site's origin: posts elsewhere are not imported. */
  origin: string;
  /** Only posts modified after this ISO time, where the listing can tell (the REST API). */
  modifiedAfter?: string;
}

/** A date the site sent, as an ISO timestamp, or undefined when it is not a readable date. */
export function isoDate(value: unknown): string | undefined {
  if (typeof value !== 'string' || value.trim() === '') return undefined;
  const time = Date.parse(value);
  return Number.isNaN(time) ? undefined : new Date(time).toISOString();
}

/** "zh" for a path under /zh/, else the page's own language, else English. */
export function languageOf(url: string, declared?: string): string {
  if (declared) return declared.toLowerCase().split(/[-_]/)[0]!;
  return /^\/zh(\/|$)/.test(new URL(url).pathname) ? 'zh' : 'en';
}

/** A slug from a permalink: its last path segment, or post-<id> for `?p=<id>` addresses. */
export function slugFromUrl(url: string): string {
  const u = new URL(url);
  const id = u.searchParams.get('p');
  if (id) return `post-${id}`;
  const last = u.pathname.split('/').filter(Boolean).pop() ?? 'index';
  try {
    return decodeURIComponent(last);
  } catch {
    return last;
  }
}

/** A way of listing posts that the site does not offer, and how that showed. */
export interface Off {
  off: string;
}

export function failureOf(url: string, error: unknown): ImportFailure {
  return { url: error instanceof FetchError ? error.url : url, reason: error instanceof FetchError ? error.reason : (error as Error).message };
}
