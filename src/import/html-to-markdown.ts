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

/** A post's HTML as clean Markdown: headings, lists, links and quotes kept, boilerplate dropped. */
export function htmlToMarkdown(html: string): string {
  const $ = cheerio.load(html, null, false);
  $(BOILERPLATE).remove();
  return turndown
    .turndown($.html())
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
