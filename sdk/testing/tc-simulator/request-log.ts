import type { RequestHandler } from 'express';
import type { SimAuth } from './verify-auth';

/** One request the simulator received. */
export interface SimRequest {
  method: string;
  path: string;
  /** Decoded query; repeated keys become arrays. */
  query: Record<string, string | string[]>;
  /** The status sent; 0 while in progress or when the connection closed without an answer. */
  status: number;
  /** ISO time the request arrived. */
  time: string;
  durationMs: number;
  auth?: SimAuth;
}

/** The query of a raw URL as ordered pairs, decoded (repeated keys kept). */
export function queryPairs(originalUrl: string): Array<[string, string]> {
  const q = originalUrl.indexOf('?');
  return q < 0 ? [] : [...new URLSearchParams(originalUrl.slice(q + 1))];
}

function queryRecord(pairs: Array<[string, string]>): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [k, v] of pairs) {
    const prev = out[k];
    out[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
  }
  return out;
}

/**
 * Records each request in `entries` as it arrives (so a test counts requests made, not answers flushed) and fills
 * in status, duration and auth when it ends; keeps at most `limit` entries.
 */
export function logRequests(entries: SimRequest[], limit: number): RequestHandler {
  return (req, res, next) => {
    const started = Date.now();
    const entry: SimRequest = {
      method: req.method,
      path: req.originalUrl.split('?')[0]!,
      query: queryRecord(queryPairs(req.originalUrl)),
      status: 0,
      time: new Date(started).toISOString(),
      durationMs: 0,
    };
    entries.push(entry);
    if (entries.length > limit) entries.splice(0, entries.length - limit);
    let done = false;
    const finish = (answered: boolean) => {
      if (done) return;
      done = true;
      entry.status = answered ? res.statusCode : 0;
      entry.durationMs = Date.now() - started;
      if (res.locals.auth) entry.auth = res.locals.auth as SimAuth;
    };
    // Record the answer before its bytes leave: a client in the same process may read the log as soon as it has them.
    const end = res.end.bind(res) as (...args: unknown[]) => typeof res;
    res.end = ((...args: unknown[]) => {
      finish(true);
      return end(...args);
    }) as typeof res.end;
    res.on('close', () => finish(false));
    next();
  };
}
