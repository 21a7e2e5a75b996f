import type { Secret } from '../inputs/secret';
import { revealValue } from '../inputs/secret';

/** Renew when fewer seconds than this remain (ThreatConnect's tokens live for hours; TcEx renews at 10 minutes). */
export const TOKEN_RENEW_BEFORE_SEC = 600;

export interface RenewedToken {
  token: string;
  /** Epoch seconds. */
  expires: number;
}

/** Exchanges an (almost) expired token for a new one: `GET /api/appAuth?expiredToken=…`. */
export type RenewToken = (expiredToken: string) => Promise<RenewedToken>;

/**
 * Holds the App's API token and renews it through /appAuth when it is about to expire. Concurrent callers share
 * one renewal, so a burst of requests renews once.
 */
export class TokenKeeper {
  #token: string;
  #expires: number;
  #renewing: Promise<string> | undefined;

  constructor(
    token: string | Secret,
    expires: number,
    private readonly renew: RenewToken,
    private readonly nowSec: () => number = () => Math.floor(Date.now() / 1000),
    /** Told when a renewal fails while the old token still works (the request goes on with the old one). */
    private readonly onRenewError: (err: unknown) => void = () => {},
  ) {
    this.#token = revealValue(token) ?? '';
    this.#expires = expires;
  }

  /** Epoch seconds at which the current token expires. */
  get expires(): number {
    return this.#expires;
  }

  /** A token good for at least TOKEN_RENEW_BEFORE_SEC more seconds; `force` renews regardless (after a 401). */
  async current(force = false): Promise<string> {
    const remaining = this.#expires - this.nowSec();
    if (!force && remaining >= TOKEN_RENEW_BEFORE_SEC) return this.#token;
    try {
      return await this.#renew();
    } catch (err) {
      if (force || remaining <= 0) throw err;
      this.onRenewError(err);
      return this.#token;
    }
  }

  #renew(): Promise<string> {
    this.#renewing ??= this.renew(this.#token)
      .then((renewed) => {
        this.#token = renewed.token;
        this.#expires = renewed.expires;
        return renewed.token;
      })
      .finally(() => {
        this.#renewing = undefined;
      });
    return this.#renewing;
  }
}

/** Reads `{apiToken, apiTokenExpires}`; the expiry may come as a number or a numeric string, in seconds or ms. */
export function readRenewedToken(body: unknown): RenewedToken | undefined {
  if (!body || typeof body !== 'object') return undefined;
  const { apiToken, apiTokenExpires } = body as { apiToken?: unknown; apiTokenExpires?: unknown };
  const expires = Number(apiTokenExpires);
  if (typeof apiToken !== 'string' || apiToken === '' || !Number.isFinite(expires)) return undefined;
  return { token: apiToken, expires: expires > 1e12 ? Math.floor(expires / 1000) : expires };
}
