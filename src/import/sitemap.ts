import * as cheerio from 'cheerio';
import { fetchArticle } from './article.js';
import { FetchError, type Fetcher } from './http.js';
import { failureOf, type ImportFailure, type ImportedPost, type Listing, type Off } from './post.js';

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

/**
 * Every post through the sitemap: posts only (not pages, categories, tags or authors), each
 * read from its own page. Off when the site has no sitemap.
 */
export async function listFromSitemap(site: string, fetchPage: Fetcher): Promise<Listing | Off> {
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

  const entries = root.urls.filter((u) => !NOT_A_POST.test(new URL(u.loc).pathname) && !ANY_SUBSITEMAP.test(u.loc));
  for (const sub of root.sitemaps.filter((s) => POST_SITEMAP.test(new URL(s.loc).pathname))) {
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

  const posts = await Promise.all(
    entries.map(async ({ loc, lastmod }): Promise<ImportedPost | undefined> => {
      try {
        const article = await fetchArticle(loc, fetchPage);
        return { ...article, modified: article.modified ?? lastmod };
      } catch (error) {
        failures.push(failureOf(loc, error));
        return undefined;
      }
    }),
  );
  return { posts: posts.filter((p): p is ImportedPost => p !== undefined), failures, complete };
}
