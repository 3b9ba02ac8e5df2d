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
}

export const DEFAULT_FETCH: FetchOptions = { concurrency: 4, timeoutMs: 10_000, retries: 3, backoffMs: 1000 };

/** A page that could not be had, with the address and the reason, for the import summary. */
export class FetchError extends Error {
  constructor(
    readonly url: string,
    readonly reason: string,
    readonly status?: number,
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
    throw new FetchError(url, `unknown character encoding "${charset}"`);
  }
  try {
    return decoder.decode(bytes);
  } catch {
    throw new FetchError(url, `the page is not valid ${charset} (wrong encoding)`);
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A polite HTTP client: a clear User-Agent, at most `concurrency` requests at once, a timeout
 * per request, and retries with exponential backoff on 429, 5xx and network errors.
 * A 404 or other 4xx answer is returned, not thrown: "this API is off" is an answer.
 */
export type Fetcher = (url: string) => Promise<Page>;

export function createFetcher(options: FetchOptions = DEFAULT_FETCH): Fetcher {
  const limit = pLimit(options.concurrency);
  const attempt = async (url: string): Promise<Page> => {
    let response: Response;
    try {
      response = await fetch(url, { headers: { 'user-agent': USER_AGENT, accept: '*/*' }, signal: AbortSignal.timeout(options.timeoutMs), redirect: 'follow' });
    } catch (error) {
      const timedOut = (error as Error).name === 'TimeoutError';
      throw new FetchError(url, timedOut ? `no answer within ${options.timeoutMs / 1000} s (timeout)` : `network error: ${(error as Error).message}`);
    }
    const contentType = response.headers.get('content-type') ?? '';
    let bytes: Uint8Array;
    try {
      bytes = new Uint8Array(await response.arrayBuffer());
    } catch (error) {
      throw new FetchError(url, `the answer broke off: ${(error as Error).message}`, response.status);
    }
    if (response.status === 429 || response.status >= 500) {
      const retryAfter = Number(response.headers.get('retry-after'));
      throw Object.assign(new FetchError(url, `HTTP ${response.status}`, response.status), {
        retryAfterMs: Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter * 1000 : undefined,
      });
    }
    return { url: response.url || url, status: response.status, contentType, headers: response.headers, text: decodeBody(url, contentType, bytes) };
  };
  return (url) =>
    limit(async () => {
      for (let n = 0; ; n++) {
        try {
          return await attempt(url);
        } catch (error) {
          const retriable =
            error instanceof FetchError && (error.status === undefined || error.status === 429 || error.status >= 500) && !error.reason.includes('encoding');
          if (!retriable || n >= options.retries) throw error;
          const wait = (error as { retryAfterMs?: number }).retryAfterMs ?? options.backoffMs * 2 ** n;
          await sleep(Math.min(wait, 60_000));
        }
      }
    });
}
