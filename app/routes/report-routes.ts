import { once } from 'node:events';
import { Router } from 'express';
import { methodNotAllowed } from './route-errors';
import type { RouteDeps } from './route-deps';

/**
 * GET /api/errors: the REPORTS screen's ERRORS view (`grouped=true`: identical errors merged, with a count), and
 * GET /api/errors.csv: every error the same filters match, as a CSV file (streamed: no page limit).
 */
export function reportRoutes({ service, validators }: RouteDeps): Router {
  const router = Router();
  router
    .route('/api/errors')
    .get((req, res) => {
      res.json(service.listErrors(validators.errorsQuery(req.query)));
    })
    .all(methodNotAllowed(['GET']));
  router
    .route('/api/errors.csv')
    .get(async (req, res) => {
      const { page: _page, pageSize: _pageSize, ...filter } = validators.errorsQuery(req.query);
      res.setHeader('Content-Type', 'text/csv; charset=utf-8');
      res.setHeader('Content-Disposition', `attachment; filename="errors${filter.grouped ? '-merged' : ''}.csv"`);
      res.setHeader('Cache-Control', 'no-store');
      for (const line of service.errorsCsv(filter)) {
        if (!res.write(line)) await once(res, 'drain');
      }
      res.end();
    })
    .all(methodNotAllowed(['GET']));
  return router;
}
