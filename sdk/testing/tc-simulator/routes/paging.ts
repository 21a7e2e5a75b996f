import type { Request } from 'express';
import { encodeQuery } from '../../../threatconnect/encode-query';
import { queryPairs } from '../request-log';
import { SimError } from '../sim-error';

export const MAX_RESULT_LIMIT = 10_000;
const DEFAULT_RESULT_LIMIT = 100;

/** The first value of a query parameter (names compare exactly, as ThreatConnect's do). */
export function firstParam(pairs: Array<[string, string]>, name: string): string | undefined {
  return pairs.find(([k]) => k === name)?.[1];
}

function integerParam(pairs: Array<[string, string]>, name: string, fallback: number): number {
  const raw = firstParam(pairs, name);
  if (raw === undefined) return fallback;
  if (!/^\d+$/.test(raw)) throw new SimError(400, `Invalid value for ${name}: ${raw}`);
  return Number(raw);
}

export interface PageWindow {
  start: number;
  limit: number;
}

/** `resultStart` (default 0) and `resultLimit` (default 100, at most 10000; more is a 400, as on the platform). */
export function pageWindow(pairs: Array<[string, string]>): PageWindow {
  const start = integerParam(pairs, 'resultStart', 0);
  const limit = integerParam(pairs, 'resultLimit', DEFAULT_RESULT_LIMIT);
  if (limit < 1 || limit > MAX_RESULT_LIMIT) throw new SimError(400, `resultLimit must be between 1 and ${MAX_RESULT_LIMIT}`);
  return { start, limit };
}

/** The full URL of the same query at another `resultStart` (what TC puts in `next` and `prev`). */
export function pageLink(req: Request, pairs: Array<[string, string]>, start: number, limit: number): string {
  const rest = pairs.filter(([k]) => k !== 'resultStart' && k !== 'resultLimit');
  const query = encodeQuery([...rest, ['resultStart', start], ['resultLimit', limit]]);
  return `${req.protocol}://${req.get('host')}${req.originalUrl.split('?')[0]}?${query}`;
}

/**
 * The list envelope of one page, with links to the neighbouring pages: `count` when asked for on the first page
 * (and known), `next` when more follows.
 */
export function pageEnvelope<T>(
  req: Request,
  result: { total?: number; more: boolean },
  window: PageWindow,
  data: T[],
  count: boolean,
): Record<string, unknown> {
  const pairs = queryPairs(req.originalUrl);
  const out: Record<string, unknown> = { data };
  if (count && window.start === 0 && result.total !== undefined) out.count = result.total;
  if (result.more) out.next = pageLink(req, pairs, window.start + window.limit, window.limit);
  if (window.start > 0) out.prev = pageLink(req, pairs, Math.max(0, window.start - window.limit), window.limit);
  out.status = 'Success';
  return out;
}
