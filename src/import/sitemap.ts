import * as cheerio from 'cheerio';
import { fetchArticle } from './article.js';
import { FetchError, onSite, type Fetcher } from './http.js';
import { failureOf, type ImportFailure, type ImportedPost, type Listing, type ListingLimits, type Off } from './post.js';

// WordPress core's sitemap, then the usual plugin names.
const ROOTS = ['/wp-sitemap.xml', '/sitemap_index.xml', '/sitemap.xml'];
// Sub-sitemaps of posts: core's wp-sitemap-posts-post-N, Yoast's and Rank Math's post-sitemapN.
const POST_SITEMAP = /(wp-sitemap-posts-post-\d+|(^|\/)post-sitemap\d*)\.xml/;
const ANY_SUBSITEMAP = /sitemap/;
// In a flat sitemap, addresses that are archives, not posts.
const NOT_A_POST = /\/(category|tag|author|page|feed|wp-content)\//;

function locs(xml: string): { sitemaps: { loc: string; lastmod?: string }[]; urls: { loc: string; lastmod?: string }[] } | undefined {
  const $ = cheerio.load(xml, { xml: true });
  if ($('sitemapindex, urlset').length === 0) return undefined;
  const read = (tag: string) =>
    $(tag)
      .map((_, el) => ({ loc: $(el).find('loc').first().text().trim(), lastmod: $(el).find('lastmod').first().text().trim() || undefined }))
      .get()
      .filter((e) => e.loc);
  return { sitemaps: read('sitemap'), urls: read('url') };
}

/** Entries a sitemap may list before the rest is left unread: a hundred per listing page. */
const ENTRIES_PER_PAGE = 100;

/**
 * Every post through the sitemap: posts only (not pages, categories, tags or authors), each
 * read from its own page; addresses on other sites are reported, never fetched. Off when the
 * site has no sitemap.
 */
export async function listFromSitemap(site: string, fetchPage: Fetcher, limits: ListingLimits): Promise<Listing | Off> {
  const failures: ImportFailure[] = [];
  let complete = true;
  let root: ReturnType<typeof locs>;
  for (const path of ROOTS) {
    try {
      const page = await fetchPage(`${site}${path}`);
      root = page.status === 200 ? locs(page.text) : undefined;
    } catch {
      root = undefined;
    }
    if (root) break;
  }
  if (!root) return { off: `none of ${ROOTS.join(', ')} is a sitemap` };

  const here = (loc: string) => URL.canParse(loc) && onSite(limits.origin, loc);
  const isPost = (loc: string) => !NOT_A_POST.test(new URL(loc).pathname) && !ANY_SUBSITEMAP.test(loc);
  const entries = root.urls.filter((u) => !here(u.loc) || isPost(u.loc));
  const subs = root.sitemaps.filter((s) => !here(s.loc) || POST_SITEMAP.test(new URL(s.loc).pathname));
  for (const [n, sub] of subs.entries()) {
    if (n >= limits.maxPages) {
      failures.push({ url: sub.loc, reason: `the sitemap lists ${subs.length} post sitemaps; only the first ${limits.maxPages} were read (--max-pages)` });
      complete = false;
      break;
    }
    try {
      const page = await fetchPage(sub.loc);
      const parsed = page.status === 200 ? locs(page.text) : undefined;
      if (!parsed) throw new FetchError(sub.loc, `HTTP ${page.status}, not a sitemap`);
      entries.push(...parsed.urls);
    } catch (error) {
      failures.push(failureOf(sub.loc, error));
      complete = false;
    }
  }
  const most = limits.maxPages * ENTRIES_PER_PAGE;
  if (entries.length > most) {
    failures.push({ url: `${site}${ROOTS[0]}`, reason: `the sitemap lists ${entries.length} posts; only the first ${most} were read (--max-pages)` });
    entries.length = most;
    complete = false;
  }

  const listed = entries.map((e) => e.loc);
  const posts = await Promise.all(
    entries.map(async ({ loc, lastmod }): Promise<ImportedPost | undefined> => {
      if (!here(loc)) {
        failures.push({ url: loc, reason: `not on the site (${limits.origin}): not fetched` });
        return undefined;
      }
      try {
        const article = await fetchArticle(loc, fetchPage);
        return { ...article, modified: article.modified ?? lastmod };
      } catch (error) {
        failures.push(failureOf(loc, error));
        return undefined;
      }
    }),
  );
  const imported = posts.filter((p): p is ImportedPost => p !== undefined);
  return { posts: imported, failures, warnings: [], listed: [...listed, ...imported.map((p) => p.url)], complete };
}
