import * as cheerio from 'cheerio';
import { fetchArticle } from './article.js';
import type { Fetcher } from './http.js';
import { failureOf, languageOf, slugFromUrl, type ImportFailure, type ImportedPost, type Listing, type Off } from './post.js';

const MAX_FEED_PAGES = 200;

interface FeedItem {
  url: string;
  title: string;
  date?: string;
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
      return {
        url: item.find('link').first().text().trim(),
        title: item.find('title').first().text().trim(),
        date: pubDate ? new Date(pubDate).toISOString() : undefined,
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
 * empty). Where an item carries only a summary, the post's own page is read. Off when the
 * site has no feed.
 */
export async function listFromFeed(site: string, fetchPage: Fetcher): Promise<Listing | Off> {
  const failures: ImportFailure[] = [];
  const items: FeedItem[] = [];
  let complete = true;
  for (let n = 1; n <= MAX_FEED_PAGES; n++) {
    const url = n === 1 ? `${site}/feed/` : `${site}/feed/?paged=${n}`;
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

  const posts = await Promise.all(
    items.map(async (item): Promise<ImportedPost | undefined> => {
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
  return { posts: posts.filter((p): p is ImportedPost => p !== undefined), failures, complete };
}
