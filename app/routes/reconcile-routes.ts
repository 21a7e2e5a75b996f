import { Router } from 'express';
import { HttpError } from '../../sdk';
import { JobConflictError, ReconcileOffError } from '../export/export-service';
import { UnknownObjectsError } from '../export/reconcile/unknown-objects';
import { methodNotAllowed } from './route-errors';
import { requireJsonBody, type RouteDeps } from './route-deps';

/** The 409s of reconciliation: a job runs, reconciliation is off, or the unknown objects are not as confirmed. */
function conflicts(err: unknown): never {
  if (err instanceof JobConflictError || err instanceof ReconcileOffError || err instanceof UnknownObjectsError) throw new HttpError(409, err.message);
  throw err;
}

/**
 * Reconciliation with Sentinel: GET /api/reconcile (on or off, running, what the last one found), POST
 * /api/reconcile `{full?}` (start one now: 202), GET /api/reconcile/drift (what it found, paged) and POST
 * /api/reconcile/unknown `{action: "revoke"|"adopt", count}` (resolve every unknown object, the count confirming
 * how many); GET /api/indicators?q= (where the indicators the App sent stand, Sentinel's state included); GET
 * /api/holdings (what Sentinel holds from the App per type, from the ledger).
 */
export function reconcileRoutes({ service, validators }: RouteDeps): Router {
  const router = Router();
  router
    .route('/api/reconcile')
    .get((_req, res) => {
      res.json(service.reconcileState());
    })
    .post((req, res) => {
      const { full } = validators.startReconcile(requireJsonBody(req));
      try {
        service.startReconcile(full === true);
      } catch (err) {
        conflicts(err);
      }
      res.status(202).json(service.reconcileState());
    })
    .all(methodNotAllowed(['GET', 'POST']));
  router
    .route('/api/reconcile/drift')
    .get((req, res) => {
      res.json(service.listDrift(validators.driftQuery(req.query)));
    })
    .all(methodNotAllowed(['GET']));
  router
    .route('/api/indicators')
    .get(async (req, res) => {
      res.json(await service.lookupIndicators(validators.lookupQuery(req.query).q));
    })
    .all(methodNotAllowed(['GET']));
  router
    .route('/api/holdings')
    .get((_req, res) => {
      res.json(service.holdings());
    })
    .all(methodNotAllowed(['GET']));
  router
    .route('/api/reconcile/unknown')
    .post(async (req, res) => {
      const { action, count } = validators.resolveUnknown(requireJsonBody(req));
      try {
        res.json(await service.resolveUnknown(action, count));
      } catch (err) {
        conflicts(err);
      }
    })
    .all(methodNotAllowed(['POST']));
  return router;
}
