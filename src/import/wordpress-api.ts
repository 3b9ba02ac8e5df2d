import * as cheerio from 'cheerio';
import type { Fetcher, Page } from './http.js';
import { failureOf, languageOf, slugFromUrl, type ImportFailure, type ImportedPost, type Listing, type Off } from './post.js';

interface ApiTerm {
  id: number;
  name: string;
  taxonomy: string;
}

interface ApiPost {
  id: number;
  link: string;
  slug?: string;
  date_gmt?: string;
  modified_gmt?: string;
  title?: { rendered?: string };
  content?: { rendered?: string; protected?: boolean };
  lang?: string;
  categories?: number[];
  tags?: number[];
  _embedded?: { 'wp:term'?: ApiTerm[][] };
}

const PER_PAGE = 100;

/** HTML entities and tags out of a rendered title ("Why RIRs &#8212; …"). */
function plainText(html: string): string {
  return cheerio.load(html, null, false).root().text().trim();
}

function isJson(page: Page): boolean {
  return page.contentType.includes('json');
}

function gmt(value?: string): string | undefined {
  return value ? `${value.replace(/Z$/, '')}Z` : undefined;
}

function decodedSlug(post: ApiPost): string {
  let slug = post.slug ?? '';
  try {
    slug = decodeURIComponent(slug);
  } catch {
    // Keep it as it came.
  }
  return slug || slugFromUrl(post.link);
}

/** Term names for ids, from the taxonomy endpoint, for sites that do not embed them. */
async function termNames(site: string, taxonomy: 'categories' | 'tags', ids: number[], fetchPage: Fetcher): Promise<Map<number, string>> {
  const names = new Map<number, string>();
  for (let i = 0; i < ids.length; i += PER_PAGE) {
    const page = await fetchPage(`${site}/wp-json/wp/v2/${taxonomy}?per_page=${PER_PAGE}&include=${ids.slice(i, i + PER_PAGE).join(',')}`);
    if (page.status === 200 && isJson(page)) for (const t of JSON.parse(page.text) as ApiTerm[]) names.set(t.id, t.name);
  }
  return names;
}

/**
 * Every post through the WordPress REST API (/wp-json/wp/v2/posts), all pages, following
 * X-WP-TotalPages. Off when the site does not offer the API.
 */
export async function listFromApi(site: string, fetchPage: Fetcher): Promise<Listing | Off> {
  const pageUrl = (n: number) => `${site}/wp-json/wp/v2/posts?per_page=${PER_PAGE}&page=${n}&orderby=date&order=asc&_embed=wp:term`;
  let first: Page;
  try {
    first = await fetchPage(pageUrl(1));
  } catch (error) {
    return { off: failureOf(pageUrl(1), error).reason };
  }
  if (first.status !== 200 || !isJson(first)) return { off: `HTTP ${first.status} ${first.contentType || ''}`.trim() };
  const total = Number(first.headers.get('x-wp-totalpages') ?? '1') || 1;
  const failures: ImportFailure[] = [];
  const pages = await Promise.all(
    Array.from({ length: total - 1 }, (_, i) =>
      fetchPage(pageUrl(i + 2)).then(
        (page) => (page.status === 200 && isJson(page) ? page : (failures.push({ url: page.url, reason: `HTTP ${page.status}` }), undefined)),
        (error: unknown) => (failures.push(failureOf(pageUrl(i + 2), error)), undefined),
      ),
    ),
  );
  const raw = [first, ...pages].filter((p): p is Page => p !== undefined).flatMap((p) => JSON.parse(p.text) as ApiPost[]);

  const unembedded = raw.filter((p) => !p._embedded?.['wp:term']);
  const categories = await termNames(site, 'categories', [...new Set(unembedded.flatMap((p) => p.categories ?? []))], fetchPage);
  const tags = await termNames(site, 'tags', [...new Set(unembedded.flatMap((p) => p.tags ?? []))], fetchPage);

  const posts: ImportedPost[] = raw
    .filter((p) => !p.content?.protected)
    .map((p) => {
      const terms = p._embedded?.['wp:term']?.flat();
      const named = (taxonomy: string, ids: number[] | undefined, lookup: Map<number, string>) =>
        terms
          ? terms.filter((t) => t.taxonomy === taxonomy).map((t) => t.name)
          : (ids ?? []).map((id) => lookup.get(id)).filter((n): n is string => Boolean(n));
      return {
        url: p.link,
        slug: decodedSlug(p),
        title: plainText(p.title?.rendered ?? ''),
        date: gmt(p.date_gmt),
        modified: gmt(p.modified_gmt),
        lang: languageOf(p.link, p.lang),
        categories: named('category', p.categories, categories),
        tags: named('post_tag', p.tags, tags),
        html: p.content?.rendered ?? '',
      };
    });
  return { posts, failures, complete: failures.length === 0 };
}
