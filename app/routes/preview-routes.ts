import { Router } from 'express';
import { outsideRequest } from '../../sdk';
import { fromUpstream, invalidRequest, methodNotAllowed } from './route-errors';
import { validateQueries } from './validate-queries';
import { requireJsonBody, type RouteDeps } from './route-deps';

/** POST /api/preview: how many indicators one query configuration matches and a sample of their STIX. */
export function previewRoutes({ service, validators }: RouteDeps): Router {
  const router = Router();
  router
    .route('/api/preview')
    .post(async (req, res) => {
      const body = requireJsonBody(req);
      // The body is one query, so its problems are named by field alone (`tql`, not `queries/0/tql`).
      const checked = await validateQueries(
        service,
        validators.queryConfig(body),
        (query) => [query],
        () => '',
      );
      if (!checked.ok) throw invalidRequest('The query configuration is not valid', checked.problems);
      const query = checked.value;
      res.json(await fromUpstream('preview the query', () => outsideRequest(() => service.preview(query))));
    })
    .all(methodNotAllowed(['POST']));
  return router;
}
