import express, { Router, type Request, type Response } from 'express';
import type { SimulatorState } from './simulator-state';

const API_VERSION = '2024-02-01-preview';
const UPLOAD = /^\/workspaces\/([^/]+)\/threat-intelligence-stix-objects:upload$/;

function fail(res: Response, status: number, code: string, message: string): void {
  res.status(status).json({ error: { code, message } });
}

function bearer(req: Request, state: SimulatorState): 'ok' | 'missing' | 'invalid' | 'expired' {
  const match = /^Bearer (.+)$/.exec(req.headers.authorization ?? '');
  if (!match) return 'missing';
  const expiresAt = state.tokens.get(match[1]!);
  if (expiresAt === undefined) return 'invalid';
  return expiresAt > Date.now() ? 'ok' : 'expired';
}

/**
 * Sentinel's upload endpoint, strict: path, api-version, workspace, token, throttle (429 with the real body),
 * 100 objects per request, every object checked against the OASIS schemas; refused objects come back in
 * `errors[]` with their `recordIndex`, the rest are stored with Sentinel's update rule.
 */
export function uploadRoutes(state: SimulatorState): Router {
  const router = Router();
  // Read as text and parsed here: the store keeps the text rather than the objects.
  const text = express.text({ limit: '20mb', type: () => true });
  router.post(UPLOAD, (req, res, next) => {
    const auth = bearer(req, state);
    res.locals.authorized = auth === 'ok';
    if (auth !== 'ok') {
      const message = auth === 'expired' ? 'The access token has expired.' : auth === 'missing' ? 'Authentication failed. The Authorization header is missing.' : 'The access token is invalid.';
      res.setHeader('www-authenticate', 'Bearer error="invalid_token"');
      fail(res, 401, auth === 'expired' ? 'ExpiredAuthenticationToken' : 'InvalidAuthenticationToken', message);
      return;
    }
    const admitted = state.window.admit(Date.now());
    if (!admitted.ok) {
      const seconds = Math.max(1, Math.ceil(admitted.retryAfterMs / 1000));
      if (state.settings.retryAfterHeader) res.setHeader('retry-after', String(seconds));
      fail(res, 429, 'TooManyRequests', `Rate limit is exceeded. Try again in ${seconds} seconds.`);
      return;
    }
    if (req.query['api-version'] !== API_VERSION) return fail(res, 400, 'InvalidApiVersion', `The api-version '${String(req.query['api-version'] ?? '')}' is not supported; use ${API_VERSION}.`);
    const workspace = decodeURIComponent(UPLOAD.exec(req.path)?.[1] ?? '');
    if (workspace !== state.workspaceId) return fail(res, 404, 'WorkspaceNotFound', `Workspace '${workspace}' was not found.`);
    if (state.settings.forbidden) return fail(res, 403, 'AuthorizationFailed', 'The client does not have authorization to perform action Microsoft.SecurityInsights/threatIntelligence/write.');
    if (state.settings.failureShare > 0 && state.random() < state.settings.failureShare) {
      const status = state.random() < 0.5 ? 500 : 503;
      return fail(res, status, status === 500 ? 'InternalServerError' : 'ServiceUnavailable', 'The service is temporarily unavailable.');
    }
    text(req, res, next);
  });
  router.post(UPLOAD, (req, res) => {
    const raw = typeof req.body === 'string' ? req.body : '';
    let body: { sourcesystem?: unknown; stixobjects?: unknown } | undefined;
    try {
      body = raw.trim() === '' ? undefined : (JSON.parse(raw) as typeof body);
    } catch {
      return fail(res, 400, 'BadRequest', 'The request body is not valid JSON.');
    }
    if (!body || typeof body !== 'object' || Array.isArray(body)) return fail(res, 400, 'BadRequest', 'The request body must be a JSON object.');
    if (typeof body.sourcesystem !== 'string' || body.sourcesystem.trim() === '') return fail(res, 400, 'BadRequest', "The field 'sourcesystem' is required.");
    if (!Array.isArray(body.stixobjects) || body.stixobjects.length === 0) return fail(res, 400, 'BadRequest', "The field 'stixobjects' must be a non-empty array.");
    const objects = body.stixobjects as unknown[];
    res.locals.objects = objects.length;
    res.locals.sourceSystem = body.sourcesystem;
    if (objects.length > state.settings.maxObjectsPerRequest) {
      return fail(res, 400, 'BadRequest', `The request contains ${objects.length} objects; at most ${state.settings.maxObjectsPerRequest} are allowed per request.`);
    }
    const errors: Array<{ recordIndex: number; errorMessages: string[] }> = [];
    const refused = new Set(state.settings.refuseIds);
    objects.forEach((object, recordIndex) => {
      const problems = state.settings.validate ? state.validator.validate(object) : typeof object === 'object' && object !== null ? [] : ['not an object'];
      if (refused.has(String((object as { id?: unknown } | null)?.id))) problems.push('The indicator was refused.');
      if (problems.length > 0) errors.push({ recordIndex, errorMessages: problems.slice(0, 5) });
      else state.store.put(object as Record<string, unknown>, body.sourcesystem as string, { text: raw, index: recordIndex });
    });
    res.locals.rejected = errors.length;
    if (errors.length === 0) res.status(200).end();
    else res.status(200).json({ errors });
  });
  return router;
}
