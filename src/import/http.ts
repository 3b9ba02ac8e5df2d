import pLimit from 'p-limit';

export const USER_AGENT = 'notes-bot-importer/0.1 (+https://github.com/notes-bot; imports published notes for a Discord bot)';

export interface FetchOptions {
  /** Requests under way at once. */
  concurrency: number;
  timeoutMs: number;
  /** Attempts after the first, for 429 and 5xx answers and network errors. */
  retries: number;
  /** The first wait before a retry; it doubles each time (a Retry-After header wins). */
  backoffMs: number;
  /** A body larger than this, decompressed, is not read: a gzip bomb or a runaway page. */
  maxBytes: number;
  /** Redirects followed for one address before it is given up as a loop. */
  maxRedirects: number;
  /**
   * The site's origin (https://host:port): only addresses on it are fetched, redirects included.
   * The same host over https is accepted for an http site (the usual upgrade). Unset: any.
   */
  origin?: string;
}

export const DEFAULT_FETCH: FetchOptions = { concurrency: 4, timeoutMs: 10_000, retries: 3, backoffMs: 1000, maxBytes: 20 * 2 ** 20, maxRedirects: 5 };

/** Whether url may be fetched for a site at origin: the same origin, or its https upgrade. */
export function onSite(origin: string | undefined, url: string): boolean {
  if (!origin) return true;
  const site = new URL(origin);
  const target = new URL(url);
  if (target.origin === site.origin) return true;
  return site.protocol === 'http:' && target.protocol === 'https:' && target.hostname === site.hostname && (target.port === '' || target.port === '443');
}

/** A page that could not be had, with the address and the reason, for the import summary. */
export class FetchError extends Error {
  constructor(
    readonly url: string,
    readonly reason: string,
    readonly status?: number,
    /** Asking again cannot help (another site, a redirect loop, a page too big, a bad encoding). */
    readonly final = false,
  ) {
    super(`${url}: ${reason}`);
  }
}

export interface Page {
  url: string;
  status: number;
  contentType: string;
  headers: Headers;
  text: string;
}

function charsetOf(contentType: string, bytes: Uint8Array): string {
  const fromHeader = /charset=["']?([\w-]+)/i.exec(contentType)?.[1];
  if (fromHeader) return fromHeader.toLowerCase();
  // <meta charset="..."> or <?xml encoding="..."?> within the first bytes, read as ASCII.
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 2048));
  return (/<meta[^>]+charset=["']?([\w-]+)/i.exec(head)?.[1] ?? /<\?xml[^>]+encoding=["']([\w-]+)/i.exec(head)?.[1] ?? 'utf-8').toLowerCase();
}

/** Decodes a body by its declared charset; bytes that are not valid in it are an error, not mojibake. */
export function decodeBody(url: string, contentType: string, bytes: Uint8Array): string {
  const charset = charsetOf(contentType, bytes);
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(charset, { fatal: true });
  } catch {
    throw new FetchError(url, `unknown character encoding "${charset}"`, undefined, true);
  }
  try {
    return decoder.decode(bytes);
  } catch {
    throw new FetchError(url, `the page is not valid ${charset} (wrong encoding)`, undefined, true);
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A polite HTTP client: a clear User-Agent, at most `concurrency` requests at once, a timeout
 * per request, and retries with exponential backoff on 429, 5xx and network errors.
 * A 404 or other 4xx answer is returned, not thrown: "this API is off" is an answer.
 */
export type Fetcher = (url: string) => Promise<Page>;

/** Reads a body as it streams in, and stops reading once it passes maxBytes. */
async function readBounded(url: string, response: Response, maxBytes: number): Promise<Uint8Array> {
  const declared = Number(response.headers.get('content-length'));
  const tooBig = () => new FetchError(url, `the page is larger than ${(maxBytes / 2 ** 20).toFixed(0)} MB (decompressed): not read`, undefined, true);
  // A declared length is that of the compressed body, when there is one; only a plain one tells.
  if (!response.headers.get('content-encoding') && declared > maxBytes) {
    await response.body?.cancel();
    throw tooBig();
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  if (response.body) {
    const reader = response.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.length;
      if (size > maxBytes) {
        await reader.cancel();
        throw tooBig();
      }
      chunks.push(value);
    }
  }
  return Buffer.concat(chunks);
}

export function createFetcher(options: FetchOptions = DEFAULT_FETCH): Fetcher {
  const limit = pLimit(options.concurrency);
  const attempt = async (url: string): Promise<Page> => {
    let response: Response;
    let at = url;
    // Redirects are followed here, not by fetch, so that each hop is checked and counted.
    for (let hops = 0; ; hops++) {
      if (!onSite(options.origin, at)) throw new FetchError(url, `${at} is not on the site (${options.origin}): not fetched`, undefined, true);
      try {
        response = await fetch(at, {
          headers: { 'user-agent': USER_AGENT, accept: '*/*' },
          signal: AbortSignal.timeout(options.timeoutMs),
          redirect: 'manual',
        });
      } catch (error) {
        const timedOut = (error as Error).name === 'TimeoutError';
        throw new FetchError(url, timedOut ? `no answer within ${options.timeoutMs / 1000} s (timeout)` : `network error: ${(error as Error).message}`);
      }
      const location = response.headers.get('location');
      if (response.status < 300 || response.status >= 400 || !location) break;
      await response.body?.cancel();
      if (hops >= options.maxRedirects) throw new FetchError(url, `more than ${options.maxRedirects} redirects (a redirect loop?): given up`, undefined, true);
      at = new URL(location, at).href;
    }
    const contentType = response.headers.get('content-type') ?? '';
    let bytes: Uint8Array;
    try {
      bytes = await readBounded(url, response, options.maxBytes);
    } catch (error) {
      if (error instanceof FetchError) throw error;
      throw new FetchError(url, `the answer broke off: ${(error as Error).message}`, response.status);
    }
    if (response.status === 429 || response.status >= 500) {
      const retryAfter = Number(response.headers.get('retry-after'));
      throw Object.assign(new FetchError(url, `HTTP ${response.status}`, response.status), {
        retryAfterMs: Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter * 1000 : undefined,
      });
    }
    return { url: at, status: response.status, contentType, headers: response.headers, text: decodeBody(url, contentType, bytes) };
  };
  return (url) =>
    limit(async () => {
      for (let n = 0; ; n++) {
        try {
          return await attempt(url);
        } catch (error) {
          const retriable = error instanceof FetchError && !error.final && (error.status === undefined || error.status === 429 || error.status >= 500);
          if (!retriable || n >= options.retries) throw error;
          const wait = (error as { retryAfterMs?: number }).retryAfterMs ?? options.backoffMs * 2 ** n;
          await sleep(Math.min(wait, 60_000));
        }
      }
    });
}
