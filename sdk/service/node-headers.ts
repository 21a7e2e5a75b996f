import type { IncomingHttpHeaders } from 'node:http';
import type { NameValue } from './name-values';

/** Headers Node's own parser keeps only the first value of (see `IncomingMessage.headers`). */
const FIRST_WINS = new Set([
  'age',
  'authorization',
  'content-length',
  'content-type',
  'etag',
  'expires',
  'from',
  'host',
  'if-modified-since',
  'if-unmodified-since',
  'last-modified',
  'location',
  'max-forwards',
  'proxy-authorization',
  'referer',
  'retry-after',
  'server',
  'user-agent',
]);

/**
 * A header list folded into `req.headers` exactly as Node folds repeated headers off the wire: `set-cookie`
 * becomes an array, `cookie` values join with `; `, single-valued headers keep their first value, others join
 * with `, `. Names become lower case.
 */
export function toNodeHeaders(list: NameValue[]): IncomingHttpHeaders {
  const headers: Record<string, string | string[]> = {};
  for (const { name, value } of list) {
    const key = name.toLowerCase();
    const seen = headers[key];
    if (key === 'set-cookie') {
      headers[key] = [...((seen as string[] | undefined) ?? []), value];
    } else if (seen === undefined) {
      headers[key] = value;
    } else if (!FIRST_WINS.has(key)) {
      headers[key] = `${seen as string}${key === 'cookie' ? '; ' : ', '}${value}`;
    }
  }
  return headers;
}
