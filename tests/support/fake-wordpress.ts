/**
 * A WordPress site on 127.0.0.1 serving the fixtures in tests/fixtures/wordpress: the REST API
 * (two posts a page, with X-WP-TotalPages), the RSS feed (paged; the second page carries only
 * summaries), the sitemap (posts, pages, categories and users) and each post's themed page.
 * Some posts' pages misbehave: 500, too slow, cut off, or in ISO-8859-1.
 */
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { ROOT } from './paths.js';

const FIXTURES = path.join(ROOT, 'tests/fixtures/wordpress');
const PER_PAGE = 2;

type Post = {
  id: number;
  link: string;
  slug: string;
  date_gmt: string;
  modified: string;
  modified_gmt: string;
  title: { rendered: string };
  content: { rendered: string };
  lang?: string;
  _embedded: { 'wp:term': { name: string }[][] };
  [key: string]: unknown;
};

export interface Served {
  path: string;
  userAgent: string;
}

export class FakeWordPress {
  posts: Post[] = JSON.parse(readFileSync(path.join(FIXTURES, 'posts.json'), 'utf8'));
  api: 'on' | 'off' = 'on';
  feed: 'on' | 'off' = 'on';
  /** The API's second page fails, as a listing page may. */
  failApiPage2 = false;
  /** The first request for the API's first page answers 429 (rate limited). */
  rateLimitOnce = false;
  /** How long the slow post's page takes. */
  slowMs = 2000;
  readonly served: Served[] = [];
  /** Answers of a hostile site, by path (query included when the key has one): they win over the fixtures. */
  readonly routes = new Map<string, (req: IncomingMessage, res: ServerResponse) => void>();
  inFlight = 0;
  maxInFlight = 0;
  private server!: Server;
  private readonly theme = readFileSync(path.join(FIXTURES, 'theme.html'), 'utf8');
  private readonly broken = readFileSync(path.join(FIXTURES, 'broken.html'), 'utf8');
  private timers = new Set<NodeJS.Timeout>();

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** The posts' links point at the fixture's own host; this rewrites them to the server's. */
  private link(p: Post): string {
    return p.link.replace('https://larch.example', this.url);
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return this;
  }

  async stop(): Promise<void> {
    for (const t of this.timers) clearTimeout(t);
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  post(slug: string): Post {
    return this.posts.find((p) => p.slug === slug)!;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.url);
    const route = decodeURIComponent(url.pathname);
    this.served.push({ path: `${route}${url.search}`, userAgent: String(req.headers['user-agent']) });
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    res.on('close', () => this.inFlight--);
    const send = (status: number, type: string, body: string | Buffer, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': type, ...headers });
      res.end(body);
    };
    const override = this.routes.get(`${route}${url.search}`) ?? this.routes.get(route);
    if (override) return override(req, res);

    if (route === '/wp-json/wp/v2/posts') {
      if (this.api === 'off') return send(404, 'text/html', '<h1>Not found</h1>');
      const page = Number(url.searchParams.get('page') ?? '1');
      if (page === 1 && this.rateLimitOnce) {
        this.rateLimitOnce = false;
        return send(429, 'application/json', '{"code":"too_many_requests"}', { 'retry-after': '0' });
      }
      if (page === 2 && this.failApiPage2) return send(500, 'application/json', '{"code":"internal_server_error"}');
      const after = url.searchParams.get('modified_after');
      const listed = after ? this.posts.filter((p) => Date.parse(`${p.modified_gmt}Z`) > Date.parse(after)) : this.posts;
      const pages = Math.max(1, Math.ceil(listed.length / PER_PAGE));
      const slice = listed.slice((page - 1) * PER_PAGE, page * PER_PAGE).map((p) => ({ ...p, link: this.link(p) }));
      if (slice.length === 0 && page > 1) return send(400, 'application/json', '{"code":"rest_post_invalid_page_number"}');
      return send(200, 'application/json; charset=UTF-8', JSON.stringify(slice), { 'x-wp-total': String(this.posts.length), 'x-wp-totalpages': String(pages) });
    }
    if (route === '/feed/' || route === '/feed') {
      if (this.feed === 'off') return send(404, 'text/html', '<h1>Not found</h1>');
      return this.sendFeed(Number(url.searchParams.get('paged') ?? '1'), send);
    }
    if (route === '/wp-sitemap.xml') {
      const subs = ['wp-sitemap-posts-post-1.xml', 'wp-sitemap-posts-page-1.xml', 'wp-sitemap-taxonomies-category-1.xml', 'wp-sitemap-users-1.xml'];
      return send(
        200,
        'application/xml',
        `<?xml version="1.0" encoding="UTF-8"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">${subs.map((s) => `<sitemap><loc>${this.url}/${s}</loc></sitemap>`).join('')}</sitemapindex>`,
      );
    }
    const urlset = (locs: { loc: string; lastmod?: string }[]) =>
      `<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">${locs.map((l) => `<url><loc>${encodeURI(l.loc)}</loc>${l.lastmod ? `<lastmod>${l.lastmod}</lastmod>` : ''}</url>`).join('')}</urlset>`;
    if (route === '/wp-sitemap-posts-post-1.xml')
      return send(200, 'application/xml', urlset(this.posts.map((p) => ({ loc: this.link(p), lastmod: `${p.modified_gmt}Z` }))));
    if (route === '/wp-sitemap-posts-page-1.xml') return send(200, 'application/xml', urlset([{ loc: `${this.url}/about/` }]));
    if (route === '/wp-sitemap-taxonomies-category-1.xml') return send(200, 'application/xml', urlset([{ loc: `${this.url}/category/operations/` }]));
    if (route === '/wp-sitemap-users-1.xml') return send(200, 'application/xml', urlset([{ loc: `${this.url}/author/secretary/` }]));
    if (route === '/about/' || route.startsWith('/category/') || route.startsWith('/author/')) {
      return send(
        200,
        'text/html; charset=UTF-8',
        this.page({
          id: 1,
          title: 'Not a post',
          html: '<p>This page is not a post and must not be imported.</p>',
          url: `${this.url}${route}`,
          lang: 'en',
          date: '',
          modified: '',
          categories: '',
          tags: '',
        }),
      );
    }

    const post = this.posts.find((p) => new URL(this.link(p)).pathname === encodeURI(route) || new URL(this.link(p)).pathname === route);
    if (!post) return send(404, 'text/html', '<h1>Not found</h1>');
    return this.sendPostPage(post, send);
  }

  private page(
    v: { id: number; title: string; html: string; url: string; lang: string; date: string; modified: string; categories: string; tags: string },
    charset = 'UTF-8',
  ): string {
    return this.theme
      .replaceAll('{{id}}', String(v.id))
      .replaceAll('{{title}}', v.title)
      .replaceAll('{{content}}', v.html)
      .replaceAll('{{url}}', v.url)
      .replaceAll('{{lang}}', v.lang)
      .replaceAll('{{date}}', v.date)
      .replaceAll('{{modified}}', v.modified)
      .replaceAll('{{categories}}', v.categories)
      .replaceAll('{{tags}}', v.tags)
      .replaceAll('{{charset}}', charset);
  }

  private sendPostPage(post: Post, send: (status: number, type: string, body: string | Buffer) => void): void {
    if (post.slug === 'server-error') return send(500, 'text/html', '<h1>Internal Server Error</h1>');
    if (post.slug === 'broken-markup') return send(200, 'text/html; charset=UTF-8', this.broken);
    const [cats, tags] = post._embedded['wp:term'];
    const html = this.page(
      {
        id: post.id,
        title: post.title.rendered,
        html: post.content.rendered,
        url: this.link(post),
        lang: post.lang === 'zh' ? 'zh-CN' : 'en-US',
        date: `${post.date_gmt}+00:00`,
        modified: `${post.modified_gmt}+00:00`,
        categories: (cats ?? []).map((c) => `<a href="/category/x/" rel="category tag">${c.name}</a>`).join(', '),
        tags: (tags ?? []).map((t) => `<a href="/tag/x/" rel="tag">${t.name}</a>`).join(', '),
      },
      post.slug === 'cafe-history' ? 'ISO-8859-1' : 'UTF-8',
    );
    if (post.slug === 'cafe-history') return send(200, 'text/html; charset=ISO-8859-1', Buffer.from(html, 'latin1'));
    if (post.slug === 'slow-post') {
      const timer = setTimeout(() => send(200, 'text/html; charset=UTF-8', html), this.slowMs);
      this.timers.add(timer);
      return;
    }
    send(200, 'text/html; charset=UTF-8', html);
  }

  private sendFeed(paged: number, send: (status: number, type: string, body: string) => void): void {
    const half = Math.ceil(this.posts.length / 2);
    const items = paged === 1 ? this.posts.slice(0, half) : paged === 2 ? this.posts.slice(half) : [];
    if (items.length === 0) return send(404, 'text/html', '<h1>Not found</h1>');
    const cdata = (s: string) => `<![CDATA[${s}]]>`;
    const xml = `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel><title>Larch Sound Ferry Cooperative</title><link>${this.url}</link>
${items
  .map((p) => {
    const [cats, tags] = p._embedded['wp:term'];
    // The first page carries full content; the second only summaries, as many feeds do.
    const body = paged === 1 ? `<content:encoded>${cdata(p.content.rendered)}</content:encoded>` : '';
    return `<item><title>${cdata(p.title.rendered)}</title><link>${this.link(p)}</link><pubDate>${new Date(`${p.date_gmt}Z`).toUTCString()}</pubDate>${[...(cats ?? []), ...(tags ?? [])].map((t) => `<category>${cdata(t.name)}</category>`).join('')}<description>${cdata('A summary […]')}</description>${body}</item>`;
  })
  .join('\n')}
</channel></rss>`;
    send(200, 'application/rss+xml; charset=UTF-8', xml);
  }
}
