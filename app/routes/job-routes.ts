import { Router } from 'express';
import type { StartJobResult } from './api-types';
import { HttpError } from '../../sdk';
import { JobConflictError } from '../export/export-service';
import { HeldRevocationsError } from '../export/engine/held-revocations';
import { methodNotAllowed } from './route-errors';
import { requireJsonBody, type RouteDeps } from './route-deps';

/** Jobs (start one, list, one with its tasks) and tasks. */
export function jobRoutes({ service, validators }: RouteDeps): Router {
  const router = Router();
  router
    .route('/api/jobs')
    .get((req, res) => {
      res.json(service.listJobs(validators.jobsQuery(req.query)));
    })
    .post((req, res) => {
      const { mode, resendAll } = validators.startJob(requireJsonBody(req));
      let requestId: string;
      try {
        ({ requestId } = service.startJob(mode, resendAll ? { resendAll } : {}));
      } catch (err) {
        if (err instanceof JobConflictError) throw new HttpError(409, err.message);
        throw err;
      }
      res.status(202).json({ requestId } satisfies StartJobResult);
    })
    .all(methodNotAllowed(['GET', 'POST']));

  router
    .route('/api/jobs/:requestId')
    .get((req, res) => {
      const requestId = validators.uuid(req.params.requestId, 'requestId');
      const job = service.getJob(requestId);
      if (!job) throw new HttpError(404, `No job with request ID ${requestId}`);
      res.json(job);
    })
    .all(methodNotAllowed(['GET']));

  router
    .route('/api/jobs/:requestId/held-revocations')
    .post(async (req, res) => {
      const requestId = validators.uuid(req.params.requestId, 'requestId');
      const { action } = validators.heldDecision(requireJsonBody(req));
      try {
        res.json(await service.decideHeldRevocations(requestId, action));
      } catch (err) {
        if (err instanceof JobConflictError) throw new HttpError(409, err.message);
        if (err instanceof HeldRevocationsError) throw new HttpError(err.status, err.message);
        throw err;
      }
    })
    .all(methodNotAllowed(['POST']));

  router
    .route('/api/tasks')
    .get((req, res) => {
      res.json(service.listTasks(validators.tasksQuery(req.query)));
    })
    .all(methodNotAllowed(['GET']));
  return router;
}
