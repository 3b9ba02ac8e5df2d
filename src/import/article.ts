import * as cheerio from 'cheerio';
import { FetchError, type Fetcher } from './http.js';
import { languageOf, slugFromUrl, type ImportedPost } from './post.js';

const CONTENT = ['article .entry-content', '.entry-content', '.post-content', 'article .post-body', '.single-content', 'article', '[role="main"]', 'main'];
// Parts of a themed page that are never the post, even inside <article> or <main>.
const CHROME = 'header, footer, aside, nav, .sidebar, #sidebar, #comments, .comments-area, .comment-respond';

/**
 * The post's own article from a themed page: header, navigation, sidebar, comments and footer
 * go. Throws when the page holds no article, as a malformed or cut-off page does.
 */
export function extractArticle(url: string, html: string): ImportedPost {
  const $ = cheerio.load(html);
  const meta = (property: string) => $(`meta[property="${property}"]`).attr('content') ?? $(`meta[name="${property}"]`).attr('content');
  let content: ReturnType<typeof $> | undefined;
  for (const selector of CONTENT) {
    const found = $(selector).first();
    if (found.length > 0) {
      found.find(CHROME).remove();
      if (found.text().trim()) {
        content = found;
        break;
      }
    }
  }
  if (!content) throw new FetchError(url, 'no article content found on the page (malformed or unusual HTML)');
  const article = $('article').first();
  const scope = article.length > 0 ? article : $('body');
  const title = (
    scope.find('h1.entry-title, .entry-title').first().text() ||
    meta('og:title') ||
    scope.find('h1').first().text() ||
    $('title')
      .text()
      .split(/\s[|–—-]\s/)[0] ||
    ''
  ).trim();
  if (!title) throw new FetchError(url, 'the page has no title');
  // The title stands in the front matter; it should not open the body a second time.
  content.find('h1.entry-title, .entry-title').remove();
  // The page names its permalink; one on another site is not believed.
  const canonical = $('link[rel="canonical"]').attr('href');
  const named = canonical && URL.canParse(canonical, url) ? new URL(canonical, url) : undefined;
  const permalink = named && named.origin === new URL(url).origin ? named.href : url;
  const names = (selector: string) => [
    ...new Set(
      scope
        .find(selector)
        .map((_, a) => $(a).text().trim())
        .get()
        .filter(Boolean),
    ),
  ];
  return {
    url: permalink,
    slug: slugFromUrl(permalink),
    title,
    date: meta('article:published_time') ?? scope.find('time.entry-date, time.published, time[datetime]').first().attr('datetime'),
    modified: meta('article:modified_time') ?? scope.find('time.updated').first().attr('datetime'),
    lang: languageOf(permalink, $('html').attr('lang')),
    categories: names('.cat-links a, a[rel~="category"]'),
    tags: names('.tags-links a, a[rel="tag"]'),
    html: content.html() ?? '',
  };
}

/** Reads a post from its own page. */
export async function fetchArticle(url: string, fetchPage: Fetcher): Promise<ImportedPost> {
  const page = await fetchPage(url);
  if (page.status !== 200) throw new FetchError(url, `HTTP ${page.status}`, page.status);
  return extractArticle(url, page.text);
}
