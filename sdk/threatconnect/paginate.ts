import type { TcQueryParams } from './encode-query';
import { redactUrl } from './redact-url';
import { TcApiError } from './tc-api-error';
import { RESPONSE_TEXT, type TcClient, type TcPage, type TcPageOptions } from './tc-client';
import type { TcListResponse } from './types';

/** ThreatConnect's largest page. */
export const MAX_RESULT_LIMIT = 10_000;

/** A requested page size clamped to 1…10000; default the maximum (fewest round trips). */
export function clampResultLimit(value: unknown): number {
  const n = Number(value);
  if (value === undefined || value === null || !Number.isFinite(n)) return MAX_RESULT_LIMIT;
  return Math.min(MAX_RESULT_LIMIT, Math.max(1, Math.floor(n)));
}

/**
 * The pages of a v3 list: the first request carries the params, later ones follow the `next` URL as given. The
 * following page is requested once the consumer asks for it, or, with `readAhead`, as soon as a page arrives;
 * a read-ahead request still open when the consumer stops is cancelled.
 * @example for await (const page of paginatePages(tc, '/v3/indicators', { tql }, { count: true })) console.log(page.count)
 */
export async function* paginatePages<T>(
  client: Pick<TcClient, 'request'>,
  path: string,
  params: TcQueryParams = {},
  options: TcPageOptions = {},
): AsyncGenerator<TcPage<T>> {
  const resultStart = Number(params.resultStart ?? 0) || 0;
  const first: TcQueryParams = { ...params, resultStart, resultLimit: clampResultLimit(params.resultLimit) };
  if (options.count) first.count = true;
  const seen = new Set<string>();
  const stop = new AbortController();
  const onAbort = () => stop.abort(options.signal?.reason);
  options.signal?.addEventListener('abort', onAbort, { once: true });
  if (options.signal?.aborted) onAbort();
  const fetchPage = (target: string, query: TcQueryParams | undefined) => {
    const pending = client.request<TcListResponse<T>>(target, {
      params: query,
      token: options.token,
      signal: stop.signal,
      ...(options.keepText ? { keepText: true } : {}),
    });
    pending.catch(() => undefined); // a read-ahead nobody waits for (the consumer stopped) must not go unhandled
    return { target, pending };
  };
  let current: ReturnType<typeof fetchPage> | undefined = fetchPage(path, first);
  let position = resultStart;
  try {
    while (current) {
      const target = current.target;
      let body: TcListResponse<T>;
      try {
        body = await current.pending;
      } catch (err) {
        throw options.signal?.aborted ? options.signal.reason : err;
      }
      current = undefined;
      if (!body || !Array.isArray(body.data)) {
        throw new TcApiError({ method: 'GET', url: redactUrl(target), reason: 'the answer has no data list' });
      }
      const page: TcPage<T> = { data: body.data, resultStart: position };
      if (typeof body.count === 'number') page.count = body.count;
      if (body.next) page.next = body.next;
      const text = (body as { [RESPONSE_TEXT]?: unknown })[RESPONSE_TEXT];
      if (options.keepText && typeof text === 'string') page.text = text;
      position += body.data.length;
      const next = body.next && body.data.length > 0 ? body.next : undefined;
      if (next && seen.has(next)) {
        yield page;
        throw new TcApiError({ method: 'GET', url: redactUrl(next), reason: 'the next link repeats an earlier page' });
      }
      if (next) seen.add(next);
      if (next && options.readAhead) {
        current = fetchPage(next, undefined);
        // One turn of the event loop puts the request on the wire: a consumer working through the page in
        // promise callbacks alone would otherwise hold it back until the page was used up.
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
      yield page;
      if (next && !current) current = fetchPage(next, undefined);
    }
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
    stop.abort(); // cancels a read-ahead still open when the consumer stopped early
  }
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
