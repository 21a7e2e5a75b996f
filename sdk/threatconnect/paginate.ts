import type { TcQueryParams } from './encode-query';
import { redactUrl } from './redact-url';
import { TcApiError } from './tc-api-error';
import type { TcClient, TcPage, TcPageOptions } from './tc-client';
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
 * following page is requested only once the consumer asks for it.
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
  let target = path;
  let query: TcQueryParams | undefined = first;
  let position = resultStart;
  for (;;) {
    const body = await client.request<TcListResponse<T>>(target, { params: query, token: options.token, signal: options.signal });
    if (!body || !Array.isArray(body.data)) {
      throw new TcApiError({ method: 'GET', url: redactUrl(target), reason: 'the answer has no data list' });
    }
    const page: TcPage<T> = { data: body.data, resultStart: position };
    if (typeof body.count === 'number') page.count = body.count;
    if (body.next) page.next = body.next;
    position += body.data.length;
    yield page;
    if (!body.next || body.data.length === 0) return;
    if (seen.has(body.next)) throw new TcApiError({ method: 'GET', url: redactUrl(body.next), reason: 'the next link repeats an earlier page' });
    seen.add(body.next);
    target = body.next;
    query = undefined;
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
