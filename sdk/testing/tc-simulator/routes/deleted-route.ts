import { Router } from 'express';
import { toDeletedEntry, type IndicatorStore } from '../indicator-store';
import type { OwnerAccess } from '../owner-access';
import { queryPairs } from '../request-log';
import { SimError } from '../sim-error';
import { parseTqlDate } from '../tql/parse-tql-date';
import { firstParam, pageEnvelope, pageWindow } from './paging';

/** `GET /v3/indicators/deleted` with `owner`, `type` and `deletedSince`, oldest deletion first. */
export function deletedRoute(deps: { store: IndicatorStore; access: OwnerAccess }): Router {
  const router = Router();
  router.get('/v3/indicators/deleted', (req, res) => {
    const pairs = queryPairs(req.originalUrl);
    const window = pageWindow(pairs);
    const ownerParam = firstParam(pairs, 'owner');
    if (ownerParam !== undefined) deps.access.check({ owner: ownerParam });
    const owner = ownerParam?.toLowerCase();
    const type = firstParam(pairs, 'type')?.toLowerCase();
    const sinceText = firstParam(pairs, 'deletedSince');
    const since = sinceText === undefined ? undefined : parseTqlDate(sinceText);
    if (sinceText !== undefined && since === undefined) throw new SimError(400, `Invalid deletedSince date: ${sinceText}`);
    const matches = [...deps.store.deletedRecords()].filter(
      (r) =>
        (owner === undefined || r.ownerName.toLowerCase() === owner) &&
        (type === undefined || r.type.toLowerCase() === type) &&
        (since === undefined || Date.parse(r.dateDeleted) >= since),
    );
    const data = matches.slice(window.start, window.start + window.limit).map(toDeletedEntry);
    res.json(
      pageEnvelope(req, { total: matches.length, more: window.start + window.limit < matches.length }, window, data, firstParam(pairs, 'count') === 'true'),
    );
  });
  return router;
}
