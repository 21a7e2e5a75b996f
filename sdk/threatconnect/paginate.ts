import type { TcQueryParams } from './encode-query';
import { redactUrl } from './redact-url';
import { TcApiError } from './tc-api-error';
import type { TcBodyPage, TcClient, TcPage, TcPageOptions, TcPageReading } from './tc-client';
import type { TcListResponse } from './types';

/** ThreatConnect's largest page. */
export const MAX_RESULT_LIMIT = 10_000;

/** A requested page size clamped to 1…10000; default the maximum (fewest round trips). */
export function clampResultLimit(value: unknown): number {
  const n = Number(value);
  if (value === undefined || value === null || !Number.isFinite(n)) return MAX_RESULT_LIMIT;
  return Math.min(MAX_RESULT_LIMIT, Math.max(1, Math.floor(n)));
}

/** What one fetched page gives the paging loop: the page to hand out, its `next` link and its size. */
interface ReadPage<P> {
  page: P;
  next?: string;
  size: number;
}

/**
 * The paging loop shared by the parsed and the text readers: the first request carries the params, later ones
 * follow the `next` URL as given. The following page is requested once the consumer asks for it, or, with
 * `readAhead`, as soon as a page arrives; a read-ahead request still open when the consumer stops is cancelled.
 */
async function* followPages<R, P>(
  params: TcQueryParams,
  path: string,
  options: TcPageOptions,
  fetch: (target: string, query: TcQueryParams | undefined, signal: AbortSignal) => Promise<R>,
  read: (answer: R, target: string, resultStart: number) => Promise<ReadPage<P>> | ReadPage<P>,
): AsyncGenerator<P> {
  const resultStart = Number(params.resultStart ?? 0) || 0;
  const first: TcQueryParams = { ...params, resultStart, resultLimit: clampResultLimit(params.resultLimit) };
  if (options.count) first.count = true;
  const seen = new Set<string>();
  const stop = new AbortController();
  const onAbort = () => stop.abort(options.signal?.reason);
  options.signal?.addEventListener('abort', onAbort, { once: true });
  if (options.signal?.aborted) onAbort();
  const start = (target: string, query: TcQueryParams | undefined) => {
    const pending = fetch(target, query, stop.signal);
    pending.catch(() => undefined); // a read-ahead nobody waits for (the consumer stopped) must not go unhandled
    return { target, pending };
  };
  let current: ReturnType<typeof start> | undefined = start(path, first);
  let position = resultStart;
  try {
    while (current) {
      const target = current.target;
      let answer: R;
      try {
        answer = await current.pending;
      } catch (err) {
        throw options.signal?.aborted ? options.signal.reason : err;
      }
      current = undefined;
      const { page, next: link, size } = await read(answer, target, position);
      position += size;
      const next = link && size > 0 ? link : undefined;
      if (next && seen.has(next)) {
        yield page;
        throw new TcApiError({ method: 'GET', url: redactUrl(next), reason: 'the next link repeats an earlier page' });
      }
      if (next) seen.add(next);
      if (next && options.readAhead) {
        current = start(next, undefined);
        // One turn of the event loop puts the request on the wire: a consumer working through the page in
        // promise callbacks alone would otherwise hold it back until the page was used up.
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
      yield page;
      if (next && !current) current = start(next, undefined);
    }
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
    stop.abort(); // cancels a read-ahead still open when the consumer stopped early
  }
}

/**
 * The pages of a v3 list, parsed.
 * @example for await (const page of paginatePages(tc, '/v3/indicators', { tql }, { count: true })) console.log(page.count)
 */
export function paginatePages<T>(
  client: Pick<TcClient, 'request'>,
  path: string,
  params: TcQueryParams = {},
  options: TcPageOptions = {},
): AsyncGenerator<TcPage<T>> {
  const fetch = (target: string, query: TcQueryParams | undefined, signal: AbortSignal) =>
    client.request<TcListResponse<T>>(target, { params: query, token: options.token, signal });
  return followPages(params, path, options, fetch, (body, target, resultStart) => {
    if (!body || !Array.isArray(body.data)) {
      throw new TcApiError({ method: 'GET', url: redactUrl(target), reason: 'the answer has no data list' });
    }
    const page: TcPage<T> = { data: body.data, resultStart };
    if (typeof body.count === 'number') page.count = body.count;
    if (body.next) page.next = body.next;
    return { page, size: body.data.length, ...(body.next ? { next: body.next } : {}) };
  });
}

/**
 * The pages of a v3 list as the bytes they came as, for a consumer that parses them elsewhere (another thread):
 * `links` reads a page's `next` link and size; a page it finds invalid fails the read with the page's URL (and
 * a rejection of `links` itself goes through as it is).
 * @example for await (const page of paginateBodies(tc, '/v3/indicators', { tql }, { links: (body) => worker.read(body) })) …
 */
export function paginateBodies(
  client: Pick<TcClient, 'getBody'>,
  path: string,
  params: TcQueryParams,
  options: TcPageOptions & { links(body: Buffer): Promise<TcPageReading> },
): AsyncGenerator<TcBodyPage> {
  const fetch = (target: string, query: TcQueryParams | undefined, signal: AbortSignal) =>
    client.getBody(target, { ...(query ? { params: query } : {}), token: options.token, signal });
  return followPages(params, path, options, fetch, async (body, target, resultStart) => {
    const links = await options.links(body);
    if ('invalid' in links) throw new TcApiError({ method: 'GET', url: redactUrl(target), reason: links.invalid });
    const page: TcBodyPage = { body, resultStart, size: links.size, ...(links.next ? { next: links.next } : {}) };
    return { page, size: links.size, ...(links.next ? { next: links.next } : {}) };
  });
}

/**
 * The items of a v3 list one by one, across pages.
 * @example for await (const owner of paginateItems<TcOwner>(tc, '/v3/security/owners')) …
 */
export async function* paginateItems<T>(
  client: Pick<TcClient, 'request'>,
  path: string,
  params?: TcQueryParams,
  options?: TcPageOptions,
): AsyncGenerator<T> {
  for await (const page of paginatePages<T>(client, path, params, options)) {
    yield* page.data;
  }
}
