import { Router } from 'express';
import type { TcOwner } from '../../../threatconnect/types';
import { SimError } from '../sim-error';
import type { TokenRegistry } from '../token-registry';

/** `GET /appAuth?expiredToken=…`: exchanges a token this simulator issued for a fresh one (no auth header). */
export function appAuthRoute(deps: { tokens: TokenRegistry; lifetimeSec: number }): Router {
  const router = Router();
  router.get('/appAuth', (req, res) => {
    const expired = typeof req.query.expiredToken === 'string' ? req.query.expiredToken : '';
    const renewed = expired ? deps.tokens.renew(expired, deps.lifetimeSec) : undefined;
    if (!renewed) throw new SimError(401, 'The token cannot be renewed');
    res.json({ success: true, apiToken: renewed.token, apiTokenExpires: renewed.expires });
  });
  return router;
}

/** `GET /v3/security/owners`. */
export function ownersRoute(deps: { owners: readonly TcOwner[] }): Router {
  const router = Router();
  router.get('/v3/security/owners', (_req, res) => {
    res.json({ data: deps.owners, status: 'Success' });
  });
  return router;
}
