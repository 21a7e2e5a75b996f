import { Router } from 'express';
import type { ConfigInput, OwnerSummary } from './api-types';
import { findQueriesProblems } from './find-config-problems';
import { fromUpstream, invalidRequest, methodNotAllowed } from './route-errors';
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
      const checked = validators.configInput(body);
      const queries = (body as { queries?: unknown } | null)?.queries;
      const problems = await findQueriesProblems(service, checked, queries, (i) => `queries/${i}`);
      if (problems.length > 0 || !checked.ok) {
        throw invalidRequest(`The configuration has ${problems.length} problem${problems.length === 1 ? '' : 's'}`, problems);
      }
      const { queries: list, nextUpdate }: ConfigInput = checked.value;
      res.json(service.saveConfig({ queries: list, nextUpdate }));
    })
    .all(methodNotAllowed(['GET', 'PUT']));

  router
    .route('/api/owners')
    .get(async (_req, res) => {
      const owners = await fromUpstream('read the owners from ThreatConnect', () => service.listOwners());
      res.json(owners.map(({ id, name, type }): OwnerSummary => ({ id, name, type })));
    })
    .all(methodNotAllowed(['GET']));
  return router;
}
