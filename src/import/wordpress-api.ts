import * as cheerio from 'cheerio';
import { z } from 'zod';
import { onSite, type Fetcher, type Page } from './http.js';
import { failureOf, languageOf, slugFromUrl, type ImportFailure, type ImportedPost, type Listing, type ListingLimits, type Off } from './post.js';

const term = z.looseObject({ id: z.number(), name: z.string(), taxonomy: z.string().optional() });

/** What notes-bot reads of a post from /wp-json/wp/v2/posts; the site is untrusted, so it is checked. */
const apiPost = z.looseObject({
  id: z.number(),
  link: z.url({ protocol: /^https?$/ }),
  slug: z.string().optional(),
  // Read leniently: a date in another form costs the note its date, not its existence.
  date_gmt: z.unknown(),
  modified_gmt: z.unknown(),
  title: z.looseObject({ rendered: z.string().optional() }).optional(),
  content: z.looseObject({ rendered: z.string().optional(), protected: z.boolean().optional() }).optional(),
  lang: z.string().optional(),
  categories: z.array(z.number()).optional(),
  tags: z.array(z.number()).optional(),
  _embedded: z.looseObject({ 'wp:term': z.array(z.array(term)).optional() }).optional(),
});
type ApiPost = z.infer<typeof apiPost>;

const PER_PAGE = 100;

/** HTML entities and tags out of a rendered title or a term name ("Food &amp; Drink"). */
function plainText(html: string): string {
  return cheerio.load(html, null, false).root().text().trim();
}

function isJson(page: Page): boolean {
  return page.contentType.includes('json');
}

/** The JSON of a page, or undefined when it is not JSON (a PHP notice printed before it, say). */
function parseJson(page: Page): unknown {
  try {
    return JSON.parse(page.text);
  } catch {
    return undefined;
  }
}

/** WordPress's *_gmt fields are UTC without a zone; undefined when the field is not such a date. */
function gmt(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const utc = `${value.replace(/Z$/, '')}Z`;
  return Number.isNaN(Date.parse(utc)) ? undefined : utc;
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
async function termNames(
  site: string,
  taxonomy: 'categories' | 'tags',
  ids: number[],
  fetchPage: Fetcher,
  limits: ListingLimits,
): Promise<Map<number, string>> {
  const names = new Map<number, string>();
  for (let i = 0; i < ids.length && i < limits.maxPages * PER_PAGE; i += PER_PAGE) {
    // Names are a nicety: a failed look-up costs the notes their categories, not the import.
    const page = await fetchPage(`${site}/wp-json/wp/v2/${taxonomy}?per_page=${PER_PAGE}&include=${ids.slice(i, i + PER_PAGE).join(',')}`).catch(
      () => undefined,
    );
    const terms = page?.status === 200 && isJson(page) ? z.array(term).safeParse(parseJson(page)) : undefined;
    if (terms?.success) for (const t of terms.data) names.set(t.id, plainText(t.name));
  }
  return names;
}

/**
 * Every post through the WordPress REST API (/wp-json/wp/v2/posts), following X-WP-TotalPages up
 * to limits.maxPages. Off when the site does not offer the API, or answers it with something that
 * is not JSON (then the feed is tried). A post the API describes wrongly is reported, not fatal.
 */
export async function listFromApi(site: string, fetchPage: Fetcher, limits: ListingLimits): Promise<Listing | Off> {
  // modified_after (WordPress 5.7+) lists only what changed since the last sync.
  const since = limits.modifiedAfter ? `&modified_after=${encodeURIComponent(limits.modifiedAfter)}` : '';
  const pageUrl = (n: number) => `${site}/wp-json/wp/v2/posts?per_page=${PER_PAGE}&page=${n}&orderby=date&order=asc&_embed=wp:term${since}`;
  let first: Page;
  try {
    first = await fetchPage(pageUrl(1));
  } catch (error) {
    return { off: failureOf(pageUrl(1), error).reason };
  }
  if (first.status !== 200 || !isJson(first)) return { off: `HTTP ${first.status} ${first.contentType || ''}`.trim() };
  const firstJson = parseJson(first);
  if (!Array.isArray(firstJson)) return { off: 'the API answered with something that is not a JSON list of posts (a PHP notice before the JSON?)' };

  const failures: ImportFailure[] = [];
  const warnings: ImportFailure[] = [];
  const claimed = Number(first.headers.get('x-wp-totalpages') ?? '1');
  const total = Number.isInteger(claimed) && claimed > 0 ? claimed : 1;
  const read = Math.min(total, limits.maxPages);
  if (total > read) failures.push({ url: pageUrl(read + 1), reason: `the site lists ${total} pages of posts; only the first ${read} were read (--max-pages)` });
  const pages = await Promise.all(
    Array.from({ length: read - 1 }, (_, i) =>
      fetchPage(pageUrl(i + 2)).then(
        (page) => {
          const json = page.status === 200 && isJson(page) ? parseJson(page) : undefined;
          if (Array.isArray(json)) return json as unknown[];
          failures.push({ url: page.url, reason: page.status === 200 ? 'not a JSON list of posts' : `HTTP ${page.status}` });
          return [];
        },
        (error: unknown) => (failures.push(failureOf(pageUrl(i + 2), error)), []),
      ),
    ),
  );
  // A listing of what changed is never the whole site: nothing may be pruned by it.
  const complete = failures.length === 0 && !limits.modifiedAfter;

  const raw: ApiPost[] = [];
  const listed: string[] = [];
  for (const item of [firstJson, ...pages].flat()) {
    const parsed = apiPost.safeParse(item);
    const link = (item as { link?: unknown } | null)?.link;
    if (typeof link === 'string') listed.push(link);
    const id = (item as { id?: unknown } | null)?.id;
    const where = typeof link === 'string' ? link : `${pageUrl(1)} (post ${typeof id === 'number' ? id : '?'})`;
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      failures.push({ url: where, reason: `the API describes this post wrongly: ${issue.path.join('.') || 'post'}: ${issue.message}` });
    } else if (!onSite(limits.origin, parsed.data.link)) {
      failures.push({ url: where, reason: `its address is not on the site (${limits.origin}): not imported` });
    } else raw.push(parsed.data);
  }

  const unembedded = raw.filter((p) => !p._embedded?.['wp:term']);
  const categories = await termNames(site, 'categories', [...new Set(unembedded.flatMap((p) => p.categories ?? []))], fetchPage, limits);
  const tags = await termNames(site, 'tags', [...new Set(unembedded.flatMap((p) => p.tags ?? []))], fetchPage, limits);

  const posts: ImportedPost[] = raw
    .filter((p) => !p.content?.protected)
    .map((p) => {
      const terms = p._embedded?.['wp:term']?.flat();
      const named = (taxonomy: string, ids: number[] | undefined, lookup: Map<number, string>) =>
        terms
          ? terms.filter((t) => t.taxonomy === taxonomy).map((t) => plainText(t.name))
          : (ids ?? []).map((id) => lookup.get(id)).filter((n): n is string => Boolean(n));
      const date = gmt(p.date_gmt);
      const modified = gmt(p.modified_gmt);
      for (const [field, value, parsed] of [
        ['date_gmt', p.date_gmt, date],
        ['modified_gmt', p.modified_gmt, modified],
      ] as const) {
        if (value !== undefined && value !== null && parsed === undefined) {
          warnings.push({ url: p.link, reason: `${field} ${JSON.stringify(value)?.slice(0, 40)} is not a date: imported without it` });
        }
      }
      return {
        url: p.link,
        slug: decodedSlug(p),
        title: plainText(p.title?.rendered ?? ''),
        date,
        modified,
        lang: languageOf(p.link, p.lang),
        categories: named('category', p.categories, categories),
        tags: named('post_tag', p.tags, tags),
        html: p.content?.rendered ?? '',
      };
    });
  return { posts, failures, warnings, listed, complete };
}
