import { Router } from 'express';
import type { ConfigInput, OwnerSummary } from './api-types';
import { outsideRequest } from '../../sdk/request-context';
import { fromUpstream, invalidRequest, methodNotAllowed } from './route-errors';
import { validateQueries } from './validate-queries';
import { requireJsonBody, type RouteDeps } from './route-deps';

/** GET/PUT /api/config and GET /api/owners. */
export function configRoutes({ service, validators }: RouteDeps): Router {
  const router = Router();
  router
    .route('/api/config')
    .get((_req, res) => {
      res.json(service.getConfig());
    })
    .put(async (req, res) => {
      const body = requireJsonBody(req);
      const checked = await validateQueries(service, validators.configInput(body), (input) => input.queries, (i) => `queries/${i}`);
      if (!checked.ok) {
        const n = checked.problems.length;
        throw invalidRequest(`The configuration has ${n} problem${n === 1 ? '' : 's'}`, checked.problems);
      }
      const { queries: list, nextUpdate }: ConfigInput = checked.value;
      res.json(service.saveConfig({ queries: list, nextUpdate }));
    })
    .all(methodNotAllowed(['GET', 'PUT']));

  router
    .route('/api/owners')
    .get(async (_req, res) => {
      // As the API user, as the jobs read: the UI offers only owners a job can read.
      const owners = await fromUpstream('read the owners from ThreatConnect', () => outsideRequest(() => service.listOwners()));
      res.json(owners.map(({ id, name, type }): OwnerSummary => ({ id, name, type })));
    })
    .all(methodNotAllowed(['GET']));
  return router;
}
