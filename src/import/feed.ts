import * as cheerio from 'cheerio';
import { fetchArticle } from './article.js';
import { onSite, type Fetcher } from './http.js';
import { failureOf, isoDate, languageOf, slugFromUrl, type ImportFailure, type ImportedPost, type Listing, type ListingLimits, type Off } from './post.js';

interface FeedItem {
  url: string;
  title: string;
  date?: string;
  /** pubDate as written, when it is not a date. */
  badDate?: string;
  categories: string[];
  /** Full HTML when the feed carries it (content:encoded); else only a summary was given. */
  html?: string;
}

function parseFeed(xml: string): FeedItem[] | undefined {
  const $ = cheerio.load(xml, { xml: true });
  if ($('rss, feed').length === 0) return undefined;
  return $('item')
    .map((_, el) => {
      const item = $(el);
      const encoded = item.find('content\\:encoded').first().text().trim();
      const pubDate = item.find('pubDate').first().text().trim();
      const date = isoDate(pubDate);
      return {
        url: item.find('link').first().text().trim(),
        title: item.find('title').first().text().trim(),
        date,
        badDate: pubDate && !date ? pubDate : undefined,
        categories: item
          .find('category')
          .map((_, c) => $(c).text().trim())
          .get(),
        html: encoded || undefined,
      };
    })
    .get()
    .filter((i) => i.url);
}

/**
 * Every post through the RSS feed (/feed/, then ?paged=2, 3, … until a page is missing or
 * empty, at most limits.maxPages). Where an item carries only a summary, the post's own page is
 * read. Off when the site has no feed.
 */
export async function listFromFeed(site: string, fetchPage: Fetcher, limits: ListingLimits): Promise<Listing | Off> {
  const failures: ImportFailure[] = [];
  const warnings: ImportFailure[] = [];
  const items: FeedItem[] = [];
  let complete = true;
  for (let n = 1; ; n++) {
    const url = n === 1 ? `${site}/feed/` : `${site}/feed/?paged=${n}`;
    if (n > limits.maxPages) {
      failures.push({ url, reason: `the feed goes on past ${limits.maxPages} pages; the rest was not read (--max-pages)` });
      complete = false;
      break;
    }
    let page;
    try {
      page = await fetchPage(url);
    } catch (error) {
      if (n === 1) return { off: failureOf(url, error).reason };
      failures.push(failureOf(url, error));
      complete = false;
      break;
    }
    // WordPress answers 404 past the last page.
    if (page.status === 404 && n > 1) break;
    const parsed = page.status === 200 ? parseFeed(page.text) : undefined;
    if (!parsed) {
      if (n === 1) return { off: `HTTP ${page.status}, not a feed` };
      failures.push({ url, reason: `HTTP ${page.status}, not a feed` });
      complete = false;
      break;
    }
    if (parsed.length === 0) break;
    items.push(...parsed);
  }

  const listed = items.map((i) => i.url);
  const posts = await Promise.all(
    items.map(async (item): Promise<ImportedPost | undefined> => {
      if (!URL.canParse(item.url) || !onSite(limits.origin, item.url)) {
        failures.push({ url: item.url, reason: `its address is not on the site (${limits.origin}): not imported` });
        return undefined;
      }
      if (item.badDate) warnings.push({ url: item.url, reason: `pubDate "${item.badDate.slice(0, 40)}" is not a date: imported without it` });
      if (item.html) {
        return {
          url: item.url,
          slug: slugFromUrl(item.url),
          title: item.title,
          date: item.date,
          lang: languageOf(item.url),
          categories: item.categories,
          tags: [],
          html: item.html,
        };
      }
      try {
        const article = await fetchArticle(item.url, fetchPage);
        return { ...article, date: article.date ?? item.date, categories: article.categories.length > 0 ? article.categories : item.categories };
      } catch (error) {
        failures.push(failureOf(item.url, error));
        return undefined;
      }
    }),
  );
  return { posts: posts.filter((p): p is ImportedPost => p !== undefined), failures, warnings, listed, complete };
}
