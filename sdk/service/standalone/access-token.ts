import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

/** The cookie a browser gets after opening the UI once with `?access_token=`. */
export const ACCESS_COOKIE = 'tc_svc_access';
export const ACCESS_QUERY_PARAM = 'access_token';

function sameSecret(a: string, b: string): boolean {
  // Hash first so the comparison takes the same time whatever the lengths.
  const ha = createHash('sha256').update(a).digest();
  const hb = createHash('sha256').update(b).digest();
  return timingSafeEqual(ha, hb);
}

function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

export type AccessDecision =
  | { allow: true }
  /** The token came in the query: set the cookie and send the browser to the same URL without it. */
  | { allow: false; redirect: string; cookie: string }
  | { allow: false; status: 400 | 401; error: string };

/**
 * Checks standalone requests against the access token: `Authorization: Bearer <token>` for scripts, a session
 * cookie for the browser. The cookie holds an HMAC of the token, never the token itself; it is set when a page is
 * opened once with `?access_token=<token>`, and the browser is redirected at once so the token leaves the address bar.
 */
export class AccessGuard {
  readonly #token: string;
  readonly #cookie: string;

  constructor(token: string) {
    if (token.length === 0) throw new Error('The access token must not be empty');
    this.#token = token;
    this.#cookie = createHmac('sha256', token).update('tc-service-standalone-session').digest('base64url');
  }

  check(req: IncomingMessage): AccessDecision {
    const auth = req.headers.authorization;
    if (auth !== undefined) {
      const match = /^Bearer\s+(.+)$/i.exec(auth.trim());
      return match?.[1] && sameSecret(match[1], this.#token) ? { allow: true } : { allow: false, status: 401, error: 'Invalid access token' };
    }
    const cookie = cookieValue(req.headers.cookie, ACCESS_COOKIE);
    if (cookie !== undefined && sameSecret(cookie, this.#cookie)) return { allow: true };
    // The request target is a path: `//host/x` must stay a path here, not become an authority.
    let url: URL;
    try {
      url = new URL(`http://service.local/${(req.url ?? '/').replace(/^\/+/, '')}`);
    } catch {
      return { allow: false, status: 400, error: 'The request target is not a path' };
    }
    const fromQuery = url.searchParams.get(ACCESS_QUERY_PARAM);
    if (fromQuery !== null) {
      if (!sameSecret(fromQuery, this.#token)) return { allow: false, status: 401, error: 'Invalid access token' };
      url.searchParams.delete(ACCESS_QUERY_PARAM);
      // Only ever a path on this server: `//host/…` or `/\\host/…` would send the browser to another site.
      const path = `/${url.pathname.replace(/^[/\\]+/, '')}`;
      return {
        allow: false,
        redirect: `${path}${url.search}`,
        cookie: `${ACCESS_COOKIE}=${this.#cookie}; HttpOnly; SameSite=Strict; Path=/`,
      };
    }
    return { allow: false, status: 401, error: 'Access token required' };
  }

  /** Answers a request the guard did not allow. */
  static refuse(res: ServerResponse, decision: Exclude<AccessDecision, { allow: true }>): void {
    if ('redirect' in decision) {
      res.writeHead(303, { location: decision.redirect, 'set-cookie': decision.cookie, 'cache-control': 'no-store' });
      res.end();
      return;
    }
    const body = JSON.stringify({
      error: decision.error,
      details: { hint: `Send "Authorization: Bearer <token>", or open the UI once with ?${ACCESS_QUERY_PARAM}=<token>` },
    });
    res.writeHead(decision.status, { 'content-type': 'application/json; charset=utf-8', 'www-authenticate': 'Bearer' });
    res.end(body);
  }
}
