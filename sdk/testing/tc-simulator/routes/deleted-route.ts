import { Router } from 'express';
import type { IndicatorStore } from '../indicator-store';
import { queryPairs } from '../request-log';
import { SimError } from '../sim-error';
import { parseTqlDate } from '../tql/parse-tql-date';
import { firstParam, pageEnvelope, pageWindow } from './paging';

/** `GET /v3/indicators/deleted` with `owner`, `type` and `deletedSince`, oldest deletion first. */
export function deletedRoute(deps: { store: IndicatorStore }): Router {
  const router = Router();
  router.get('/v3/indicators/deleted', (req, res) => {
    const pairs = queryPairs(req.originalUrl);
    const window = pageWindow(pairs);
    const owner = firstParam(pairs, 'owner')?.toLowerCase();
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
    const data = matches.slice(window.start, window.start + window.limit);
    res.json(pageEnvelope(req, matches.length, window, data, firstParam(pairs, 'count') === 'true'));
  });
  return router;
}
