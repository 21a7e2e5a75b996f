import { Router } from 'express';
import type { OwnerAccess } from '../owner-access';
import { queryPairs } from '../request-log';
import { firstParam, pageEnvelope, pageWindow } from './paging';
import { SimError } from '../sim-error';
import type { TokenRegistry } from '../token-registry';

/** `GET /appAuth?expiredToken=…`: exchanges a token this simulator issued for a fresh one (no auth header). */
export function appAuthRoute(deps: { tokens: TokenRegistry; lifetimeSec: number }): Router {
  const router = Router();
  router.get('/appAuth', (req, res) => {
    const expired = typeof req.query.expiredToken === 'string' ? req.query.expiredToken : '';
    const renewed = expired ? deps.tokens.renew(expired, deps.lifetimeSec) : undefined;
    if (!renewed) throw new SimError(401, 'ERROR (Unauthorized): You are not authorized to perform the requests operation.');
    res.json({ apiToken: renewed.token, apiTokenExpires: renewed.expires });
  });
  return router;
}

/** `GET /v3/security/owners`: the owners the API user can see, paged like every v3 list (100 by default, `next`). */
export function ownersRoute(deps: { access: OwnerAccess }): Router {
  const router = Router();
  router.get('/v3/security/owners', (req, res) => {
    const pairs = queryPairs(req.originalUrl);
    const window = pageWindow(pairs);
    const owners = deps.access.visible();
    const data = owners.slice(window.start, window.start + window.limit);
    res.json(
      pageEnvelope(req, { total: owners.length, more: window.start + window.limit < owners.length }, window, data, firstParam(pairs, 'count') === 'true'),
    );
  });
  return router;
}
