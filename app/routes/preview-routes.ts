import { Router } from 'express';
import { findQueriesProblems } from './find-config-problems';
import { fromUpstream, invalidRequest, methodNotAllowed } from './route-errors';
import { requireJsonBody, type RouteDeps } from './route-deps';

/** POST /api/preview: how many indicators one query configuration matches and a sample of their STIX. */
export function previewRoutes({ service, validators }: RouteDeps): Router {
  const router = Router();
  router
    .route('/api/preview')
    .post(async (req, res) => {
      const body = requireJsonBody(req);
      const checked = validators.queryConfig(body);
      // The body is one query, so its problems are named by field alone (`tql`, not `queries/0/tql`).
      const problems = await findQueriesProblems(service, checked, [body], () => '');
      if (problems.length > 0 || !checked.ok) throw invalidRequest('The query configuration is not valid', problems);
      const query = checked.value;
      res.json(await fromUpstream('preview the query', () => service.preview(query)));
    })
    .all(methodNotAllowed(['POST']));
  return router;
}
