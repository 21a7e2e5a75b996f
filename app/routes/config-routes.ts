import { Router } from 'express';
import type { ConfigInput, OwnerSummary } from './api-types';
import { outsideRequest, HttpError } from '../../sdk';
import { ConfigConflictError } from '../export/export-service';
import { fromUpstream, invalidRequest, methodNotAllowed } from './route-errors';
import { validateQueries } from './validate-queries';
import { requireJsonBody, type RouteDeps } from './route-deps';

function conflict(err: ConfigConflictError): never {
  throw new HttpError(409, err.message, { revision: err.current });
}

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
      const edited = (body as { revision?: unknown } | null)?.revision;
      // A stale save is refused before ThreatConnect is asked anything (and again, atomically, when it is stored).
      if (typeof edited === 'number' && edited !== service.getConfig().revision) conflict(new ConfigConflictError(service.getConfig().revision, edited));
      const checked = await validateQueries(
        service,
        validators.configInput(body),
        (input) => input.queries,
        (i) => `queries/${i}`,
      );
      if (!checked.ok) {
        const n = checked.problems.length;
        throw invalidRequest(`The configuration has ${n} problem${n === 1 ? '' : 's'}`, checked.problems);
      }
      const { queries: list, nextUpdate, revision, resendAll }: ConfigInput = checked.value;
      try {
        res.json(service.saveConfig({ queries: list, nextUpdate, ...(revision !== undefined ? { revision } : {}), ...(resendAll ? { resendAll } : {}) }));
      } catch (err) {
        if (err instanceof ConfigConflictError) conflict(err);
        throw err;
      }
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
