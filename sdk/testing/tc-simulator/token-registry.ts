import { randomBytes } from 'node:crypto';

export interface IssuedToken {
  token: string;
  /** Epoch seconds. */
  expires: number;
}

export type TokenCheck = { ok: true; service: boolean } | { ok: false; reason: string };

/** The API tokens a simulator has issued: platform tokens and `SVC:` service tokens, with their expiry. */
export class TokenRegistry {
  readonly #tokens = new Map<string, { expires: number; service: boolean }>();

  constructor(private readonly nowSec: () => number) {}

  issue(options: { expiresInSec?: number; service?: boolean } = {}): IssuedToken {
    const expires = this.nowSec() + (options.expiresInSec ?? 3600);
    const body = `${randomBytes(6).toString('hex')}:${expires}:${randomBytes(18).toString('base64url')}`;
    const token = options.service ? `SVC:${body}` : body;
    this.#tokens.set(token, { expires, service: options.service === true });
    return { token, expires };
  }

  check(token: string): TokenCheck {
    const entry = this.#tokens.get(token);
    if (!entry) return { ok: false, reason: 'Invalid token' };
    if (entry.expires <= this.nowSec()) return { ok: false, reason: 'Token has expired' };
    return { ok: true, service: entry.service };
  }

  /** A fresh token for one this registry issued (expired or not), as /appAuth does; undefined for strangers. */
  renew(expiredToken: string, lifetimeSec: number): IssuedToken | undefined {
    const entry = this.#tokens.get(expiredToken);
    if (!entry) return undefined;
    return this.issue({ expiresInSec: lifetimeSec, service: entry.service });
  }
}
