import { encodeQuery, type TcQueryParams } from './encode-query';
import { redactUrl } from './redact-url';
import { TcApiError } from './tc-api-error';
import { keysetQuery, nextKeysetCursor, type KeysetCursor, type KeysetSort } from './keyset';
import type { TcBodyPage, TcClient, TcPage, TcPageLinks, TcPageOptions, TcPageReading } from './tc-client';
import type { TcListResponse } from './types';

/** ThreatConnect's largest page. */
export const MAX_RESULT_LIMIT = 10_000;

/** A requested page size clamped to 1…10000; default the maximum (fewest round trips). */
export function clampResultLimit(value: unknown): number {
  const n = Number(value);
  if (value === undefined || value === null || !Number.isFinite(n)) return MAX_RESULT_LIMIT;
  return Math.min(MAX_RESULT_LIMIT, Math.max(1, Math.floor(n)));
}

/** The request for a page: a path under the API with its query (already encoded, or as params). */
interface PageRequest {
  target: string;
  query?: TcQueryParams;
}

/** What one fetched page gives the paging loop: the page to hand out, the request for the next one, its size. */
interface ReadPage<P> {
  page: P;
  next?: PageRequest;
  size: number;
}

/**
 * The request that follows a `next` link: our own API base and the list's path, with the link's query. The link's
 * scheme, host and path are not used (a platform behind a proxy writes its public host there), so credentials only
 * ever go where `tc_api_path` points.
 */
export function followLink(path: string, link: string): PageRequest {
  let url: URL;
  try {
    url = new URL(link, 'https://next.invalid/');
  } catch {
    throw new Error(`the next link ${JSON.stringify(redactUrl(link))} is not a URL`);
  }
  return { target: `${path}${url.search}` };
}

/**
 * The paging loop shared by the readers: the first request carries the params, `read` says what the next one is.
 * The following page is requested once the consumer asks for it, or, with `readAhead`, as soon as a page arrives;
 * a read-ahead request still open when the consumer stops is cancelled.
 */
async function* followPages<R, P>(
  client: { apiPath?: string },
  first: PageRequest,
  options: TcPageOptions,
  fetch: (request: PageRequest, signal: AbortSignal) => Promise<R>,
  read: (answer: R, request: PageRequest) => Promise<ReadPage<P>> | ReadPage<P>,
): AsyncGenerator<P> {
  const seen = new Set<string>();
  const stop = new AbortController();
  const onAbort = () => stop.abort(options.signal?.reason);
  options.signal?.addEventListener('abort', onAbort, { once: true });
  if (options.signal?.aborted) onAbort();
  const start = (request: PageRequest) => {
    const pending = fetch(request, stop.signal);
    pending.catch(() => undefined); // a read-ahead nobody waits for (the consumer stopped) must not go unhandled
    return { request, pending };
  };
  let current: ReturnType<typeof start> | undefined = start(first);
  try {
    while (current) {
      const request = current.request;
      let answer: R;
      try {
        answer = await current.pending;
      } catch (err) {
        throw options.signal?.aborted ? options.signal.reason : err;
      }
      current = undefined;
      const { page, next: following, size } = await read(answer, request);
      const next = following && size > 0 ? following : undefined;
      const key = next && JSON.stringify(next);
      if (key && seen.has(key)) {
        yield page;
        throw new TcApiError({ method: 'GET', url: pageUrl(client, next!), reason: 'the next link repeats an earlier page' });
      }
      if (key) seen.add(key);
      if (next && options.readAhead) {
        current = start(next);
        // One turn of the event loop puts the request on the wire: a consumer working through the page in
        // promise callbacks alone would otherwise hold it back until the page was used up.
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
      yield page;
      if (next && !current) current = start(next);
    }
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
    stop.abort(); // cancels a read-ahead still open when the consumer stopped early
  }
}

/** The full URL of a page request, without credentials (for errors). */
function pageUrl(client: { apiPath?: string }, request: PageRequest): string {
  const query = request.query ? encodeQuery(request.query) : '';
  return redactUrl(`${client.apiPath ?? ''}${request.target}${query ? `${request.target.includes('?') ? '&' : '?'}${query}` : ''}`);
}

/** The first request of an offset-paged list: the params with their resultStart and clamped resultLimit. */
function firstRequest(path: string, params: TcQueryParams, options: TcPageOptions): PageRequest {
  const query: TcQueryParams = { ...params, resultStart: Number(params.resultStart ?? 0) || 0, resultLimit: clampResultLimit(params.resultLimit) };
  if (options.count) query.count = true;
  return { target: path, query };
}

/**
 * The pages of a v3 list, parsed.
 * @example for await (const page of paginatePages(tc, '/v3/indicators', { tql }, { count: true })) console.log(page.count)
 */
export function paginatePages<T>(
  client: Pick<TcClient, 'request'> & { apiPath?: string },
  path: string,
  params: TcQueryParams = {},
  options: TcPageOptions = {},
): AsyncGenerator<TcPage<T>> {
  const fetch = (request: PageRequest, signal: AbortSignal) =>
    client.request<TcListResponse<T>>(request.target, { params: request.query, token: options.token, signal });
  let position = Number(params.resultStart ?? 0) || 0;
  return followPages(client, firstRequest(path, params, options), options, fetch, (body, request) => {
    if (!body || !Array.isArray(body.data)) {
      throw new TcApiError({ method: 'GET', url: pageUrl(client, request), reason: 'the answer has no data list' });
    }
    const page: TcPage<T> = { data: body.data, resultStart: position };
    position += body.data.length;
    if (typeof body.count === 'number') page.count = body.count;
    if (body.next) page.next = body.next;
    return { page, size: body.data.length, ...(body.next ? { next: followLink(path, body.next) } : {}) };
  });
}

/**
 * The pages of a v3 list as the bytes they came as, for a consumer that parses them elsewhere (another thread):
 * `links` reads a page's `next` link and size; a page it finds invalid fails the read with the page's URL (and
 * a rejection of `links` itself goes through as it is).
 * @example for await (const page of paginateBodies(tc, '/v3/indicators', { tql }, { links: (body) => worker.read(body) })) …
 */
export function paginateBodies(
  client: Pick<TcClient, 'getBody'> & { apiPath?: string },
  path: string,
  params: TcQueryParams,
  options: TcPageOptions & { links(body: Buffer): Promise<TcPageReading> },
): AsyncGenerator<TcBodyPage> {
  const fetch = fetchBody(client, options);
  let position = Number(params.resultStart ?? 0) || 0;
  return followPages(client, firstRequest(path, params, options), options, fetch, async (body, request) => {
    const links = await readLinks(client, options, body, request);
    const page: TcBodyPage = { body, resultStart: position, size: links.size, ...(links.next ? { next: links.next } : {}) };
    position += links.size;
    return { page, size: links.size, ...(links.next ? { next: followLink(path, links.next) } : {}) };
  });
}

function fetchBody(client: Pick<TcClient, 'getBody'> & { apiPath?: string }, options: TcPageOptions) {
  return (request: PageRequest, signal: AbortSignal) =>
    client.getBody(request.target, { ...(request.query ? { params: request.query } : {}), token: options.token, signal });
}

async function readLinks(
  client: { apiPath?: string },
  options: { links(body: Buffer): Promise<TcPageReading> },
  body: Buffer,
  request: PageRequest,
): Promise<TcPageLinks> {
  const links = await options.links(body);
  if ('invalid' in links) throw new TcApiError({ method: 'GET', url: pageUrl(client, request), reason: links.invalid });
  return links;
}

/**
 * The pages of a v3 list as bytes, read by keyset (see `keysetQuery`): every page is the first of a query that
 * asks for what follows the previous page's last item, so no offset can shift under the read.
 * @example for await (const page of paginateKeysetBodies(tc, '/v3/indicators', { tql, resultLimit: 1000 }, { sort, links })) …
 */
export function paginateKeysetBodies(
  client: Pick<TcClient, 'getBody'> & { apiPath?: string },
  path: string,
  params: TcQueryParams & { tql: string },
  options: TcPageOptions & { sort: KeysetSort; links(body: Buffer): Promise<TcPageReading> },
): AsyncGenerator<TcBodyPage> {
  const limit = clampResultLimit(params.resultLimit);
  const requestFor = (cursor: KeysetCursor): PageRequest => ({
    target: path,
    query: { ...params, ...keysetQuery(params.tql, options.sort, cursor), resultStart: 0, resultLimit: limit },
  });
  let cursor: KeysetCursor = { phase: 'values' };
  let position = 0;
  return followPages(client, requestFor(cursor), options, fetchBody(client, options), async (body, request) => {
    const links = await readLinks(client, options, body, request);
    const page: TcBodyPage = { body, resultStart: position, size: links.size };
    position += links.size;
    let next: KeysetCursor | undefined;
    try {
      next = nextKeysetCursor(options.sort, cursor, { size: links.size, limit, ...(links.last ? { last: links.last } : {}) });
    } catch (err) {
      throw new TcApiError({ method: 'GET', url: pageUrl(client, request), reason: (err as Error).message });
    }
    if (next) cursor = next;
    // A phase change may follow an empty page: `size` 0 alone must not end the read then.
    return { page, size: next ? Math.max(1, links.size) : links.size, ...(next ? { next: requestFor(next) } : {}) };
  });
}

/**
 * The items of a v3 list one by one, across pages.
 * @example for await (const owner of paginateItems<TcOwner>(tc, '/v3/security/owners')) …
 */
export async function* paginateItems<T>(
  client: Pick<TcClient, 'request'> & { apiPath?: string },
  path: string,
  params?: TcQueryParams,
  options?: TcPageOptions,
): AsyncGenerator<T> {
  for await (const page of paginatePages<T>(client, path, params, options)) {
    yield* page.data;
  }
}
