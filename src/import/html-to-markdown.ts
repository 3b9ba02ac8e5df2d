import { gfm } from '@joplin/turndown-plugin-gfm';
import * as cheerio from 'cheerio';
import TurndownService from 'turndown';

/**
 * What themes and plugins put around or inside a post that is not the author's text: share
 * buttons, related posts, author boxes, comment forms, navigation.
 */
export const BOILERPLATE = [
  'script',
  'style',
  'noscript',
  'iframe',
  'form',
  'nav',
  '.sharedaddy',
  '.sd-sharing-enabled',
  '.jp-relatedposts',
  '.yarpp-related',
  '[class*="share"]',
  '[class*="related"]',
  '[class*="author-box"]',
  '[class*="author-bio"]',
  '.about-author',
  '.post-navigation',
  '.navigation',
  '.comments-area',
  '#comments',
  '.wp-block-buttons',
].join(', ');

const turndown = new TurndownService({ headingStyle: 'atx', bulletListMarker: '-', codeBlockStyle: 'fenced', emDelimiter: '*' });
turndown.use(gfm);

/**
 * Whether a link or image address may stand in a note: web and mail addresses, and addresses
 * relative to the page. `javascript:`, `data:` and every other scheme are dropped.
 */
export function isSafeAddress(address: string): boolean {
  // Browsers ignore whitespace and control characters inside a scheme ("java\tscript:").
  // eslint-disable-next-line no-control-regex
  const compact = address.replace(/[\u0000-\u0020\u007f]+/g, '').toLowerCase();
  const scheme = /^([a-z][a-z0-9+.-]*):/.exec(compact)?.[1];
  return scheme === undefined || scheme === 'http' || scheme === 'https' || scheme === 'mailto';
}

/** A post's HTML as clean Markdown: headings, lists, links and quotes kept, boilerplate dropped. */
export function htmlToMarkdown(html: string): string {
  const $ = cheerio.load(html, null, false);
  $(BOILERPLATE).remove();
  // An unsafe link keeps its text; an unsafe image goes.
  $('a[href]').each((_, a) => {
    if (!isSafeAddress($(a).attr('href') ?? '')) $(a).replaceWith($(a).contents());
  });
  $('img[src]').each((_, img) => {
    if (!isSafeAddress($(img).attr('src') ?? '')) $(img).remove();
  });
  return turndown
    .turndown($.html())
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
