import type { Request } from 'express';
import type { Logger } from '../../sdk';
import type { ExportService } from '../export/export-service';
import { HttpError } from '../../sdk';
import type { RequestValidators } from './validate-request';

/** What every group of routes is built from. */
export interface RouteDeps {
  service: ExportService;
  validators: RequestValidators;
  logger: Logger;
}

/** The parsed JSON body, or a 415/400 that says why there is none. */
export function requireJsonBody(req: Request): unknown {
  if (req.body !== undefined) return req.body;
  if (req.headers['content-type']) throw new HttpError(415, 'The request body must be JSON (Content-Type: application/json)');
  throw new HttpError(400, 'A JSON request body is required');
}
