import { revealValue, type Secret } from '../inputs/secret';
import { currentApiToken } from '../request-context';
import { hmacAuthorization, hmacSignature } from './hmac-signature';
import type { TcHmacAuth } from './tc-client';
import type { TokenKeeper } from './token-keeper';

export interface AuthRequest {
  method: string;
  /** Exactly what goes on the wire after the host: `/api/v3/…?…`. */
  pathAndQuery: string;
  /** An explicit per-call token. */
  token?: Secret | string;
  /** After a 401: renew the default token even if it looks fresh. */
  renew?: boolean;
}

/** Builds the auth headers of one attempt; throws when no credentials apply. */
export type Authenticator = (request: AuthRequest) => Promise<Record<string, string>>;

/**
 * Which credentials a request uses, in order: an explicit per-call token; the service token of the request being
 * handled (`currentApiToken()`, Core's `SVC:` token); the API user's HMAC signature; the platform token.
 */
export function createAuthenticator(defaults: { hmac?: TcHmacAuth; keeper?: TokenKeeper; nowMs: () => number }): Authenticator {
  const secretKey = revealValue(defaults.hmac?.secretKey);
  return async (request): Promise<Record<string, string>> => {
    const override = revealValue(request.token) ?? currentApiToken();
    if (override) return { Authorization: `TC-Token ${override}` };
    if (defaults.hmac && secretKey) {
      const timestamp = Math.floor(defaults.nowMs() / 1000);
      const signature = hmacSignature({ pathAndQuery: request.pathAndQuery, method: request.method, timestamp, secretKey });
      return { Timestamp: String(timestamp), Authorization: hmacAuthorization(defaults.hmac.accessId, signature) };
    }
    if (defaults.keeper) return { Authorization: `TC-Token ${await defaults.keeper.current(request.renew)}` };
    throw new Error('no ThreatConnect credentials: give HMAC credentials or an API token');
  };
}
