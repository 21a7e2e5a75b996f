import { Router } from 'express';
import type { Logger } from '../../sdk';
import type { ExportService } from '../export/export-service';
import { configRoutes } from './config-routes';
import { jobRoutes } from './job-routes';
import { previewRoutes } from './preview-routes';
import { reportRoutes } from './report-routes';
import { reconcileRoutes } from './reconcile-routes';
import { createRequestValidators } from './validate-request';

export interface ApiRouterOptions {
  service: ExportService;
  logger: Logger;
}

/**
 * The App's HTTP API (README, "The HTTP API": all but `/` and `/api/health`), with paths from the service root. Mount it
 * on the service's `routes` (sdk/service createHttpApp): that app parses JSON bodies with its size limit, and
 * its one error handler turns what these handlers throw into `{error, details?}`.
 * @example http.routes.use(createApiRouter({ service: engine, logger }));
 */
export function createApiRouter({ service, logger }: ApiRouterOptions): Router {
  const deps = { service, logger, validators: createRequestValidators() };
  const router = Router();
  router.use('/api', (_req, res, next) => {
    // Answers change with every job step: no proxy or browser may reuse them.
    res.set('Cache-Control', 'no-store');
    next();
  });
  router.use(configRoutes(deps), previewRoutes(deps), jobRoutes(deps), reportRoutes(deps), reconcileRoutes(deps));
  return router;
}
