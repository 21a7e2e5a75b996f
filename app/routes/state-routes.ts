import { Router, type RequestHandler } from 'express';
import { HttpError } from '../../sdk';
import { StateGuardError, type StateGuard } from '../state-guard';
import { methodNotAllowed } from './route-errors';
import { requireJsonBody } from './route-deps';
import type { RequestValidators } from './validate-request';

/**
 * The state of the App's ledger: GET /api/state (what every screen's banner shows), POST /api/state/restore
 * `{backup}` (only while the state is damaged or missing) and POST /api/state/acknowledge (go on without a missing
 * one). These answer whatever the state; the rest of the API answers 503 while it is damaged.
 */
export function stateRoutes(guard: StateGuard, validators: RequestValidators): Router {
  const router = Router();
  const guarded =
    (fn: RequestHandler): RequestHandler =>
    async (req, res, next) => {
      try {
        await fn(req, res, next);
      } catch (err) {
        if (err instanceof StateGuardError) throw new HttpError(err.status, err.message);
        throw err;
      }
    };
  router.use('/api/state', (_req, res, next) => {
    res.set('Cache-Control', 'no-store');
    next();
  });
  router
    .route('/api/state')
    .get((_req, res) => {
      res.json(guard.view());
    })
    .all(methodNotAllowed(['GET']));
  router
    .route('/api/state/restore')
    .post(
      guarded(async (req, res) => {
        const { backup } = validators.restoreState(requireJsonBody(req));
        res.json(await guard.restore(backup));
      }),
    )
    .all(methodNotAllowed(['POST']));
  router
    .route('/api/state/acknowledge')
    .post(
      guarded((_req, res) => {
        res.json(guard.acknowledge());
      }),
    )
    .all(methodNotAllowed(['POST']));
  return router;
}

/** While the state is damaged, every other API route answers 503 with the reason and the way out. */
export function whileStateDamaged(guard: StateGuard): RequestHandler {
  return (req, _res, next) => {
    if (guard.usable || !req.path.startsWith('/api/')) return next();
    const view = guard.view();
    next(new HttpError(503, `${view.message} ${view.wayOut}`));
  };
}
