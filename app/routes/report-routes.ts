import { Router } from 'express';
import { methodNotAllowed } from './route-errors';
import type { RouteDeps } from './route-deps';

/** GET /api/errors: the REPORTS screen's ERRORS view. */
export function reportRoutes({ service, validators }: RouteDeps): Router {
  const router = Router();
  router
    .route('/api/errors')
    .get((req, res) => {
      res.json(service.listErrors(validators.errorsQuery(req.query)));
    })
    .all(methodNotAllowed(['GET']));
  return router;
}
