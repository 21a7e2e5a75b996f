import { timingSafeEqual } from 'node:crypto';
import type { RequestHandler } from 'express';
import { hmacSignature } from '../../threatconnect/hmac-signature';
import { SimError } from './sim-error';
import type { TokenRegistry } from './token-registry';

/** Who made a request, as recorded in the simulator's request log. */
export type SimAuth = { scheme: 'hmac'; accessId: string } | { scheme: 'token'; token: string; service: boolean };

export interface ApiUser {
  accessId: string;
  secretKey: string;
}

function sameText(a: string, b: string): boolean {
  const [x, y] = [Buffer.from(a), Buffer.from(b)];
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * Authenticates like ThreatConnect: `TC <accessId>:<signature>` over the raw path+query received, the method and
 * the `Timestamp` header (within `maxSkewSec` of the server clock), or `TC-Token <token>` for a token it issued.
 * Sets `res.locals.auth`.
 */
/**
 * ThreatConnect's own texts: the 401 body seen from the platform, and the messages its documentation lists for a
 * bad signature and a clock too far off (common_errors.rst). Whether those two come with 401 or 403 is not
 * documented: 401 here.
 */
const UNAUTHORIZED = 'ERROR (Unauthorized): You are not authorized to perform the requests operation.';

export function verifyAuth(options: { users: readonly ApiUser[]; tokens: TokenRegistry; nowSec: () => number; maxSkewSec: number }): RequestHandler {
  return (req, res, next) => {
    const header = req.get('authorization') ?? '';
    if (header.startsWith('TC-Token ')) {
      const token = header.slice('TC-Token '.length).trim();
      const check = options.tokens.check(token);
      if (!check.ok) throw new SimError(401, UNAUTHORIZED);
      res.locals.auth = { scheme: 'token', token, service: check.service } satisfies SimAuth;
      return next();
    }
    if (!header.startsWith('TC ')) throw new SimError(401, UNAUTHORIZED);
    const credentials = header.slice(3);
    const colon = credentials.lastIndexOf(':');
    const accessId = credentials.slice(0, colon);
    const user = colon > 0 ? options.users.find((u) => u.accessId === accessId) : undefined;
    if (!user) throw new SimError(401, UNAUTHORIZED);
    const timestamp = req.get('timestamp') ?? '';
    if (!/^\d+$/.test(timestamp)) throw new SimError(401, 'Timestamp out of acceptable time range');
    if (Math.abs(options.nowSec() - Number(timestamp)) > options.maxSkewSec) {
      throw new SimError(401, 'Timestamp out of acceptable time range');
    }
    const expected = hmacSignature({ pathAndQuery: req.originalUrl, method: req.method, timestamp, secretKey: user.secretKey });
    if (!sameText(expected, credentials.slice(colon + 1))) throw new SimError(401, 'Signature data did not match expected result');
    res.locals.auth = { scheme: 'hmac', accessId } satisfies SimAuth;
    next();
  };
}
