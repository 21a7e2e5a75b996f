import express, { Router, type Request, type Response } from 'express';
import { ALL_REFUSED, type SimulatorState } from './simulator-state';

const API_VERSION = '2024-02-01-preview';
const UPLOAD = /^\/workspaces\/([^/]+)\/threat-intelligence-stix-objects:upload$/;

/** The API's default error answer (the OpenAPI spec's error response): `{"error": {"code", "message"}}`. */
function fail(res: Response, status: number, code: string, message: string): void {
  res.setHeader('x-ms-error-code', code);
  res.status(status).json({ error: { code, message } });
}

/**
 * The answers the upload host's gateway sends itself (documented for 429, and for 401 on the same API family):
 * `{"statusCode": N, "message": "…"}`.
 */
function gatewayFail(res: Response, status: number, message: string): void {
  res.status(status).json({ statusCode: status, message });
}

function bearer(req: Request, state: SimulatorState): 'ok' | 'missing' | 'invalid' | 'expired' {
  const match = /^Bearer (.+)$/.exec(req.headers.authorization ?? '');
  if (!match) return 'missing';
  const expiresAt = state.tokens.get(match[1]!);
  if (expiresAt === undefined) return 'invalid';
  return expiresAt > Date.now() ? 'ok' : 'expired';
}

/**
 * A schema problem (`<path> <message>`) as Sentinel words one: `Error for Property=<name>: <message>.`; a missing
 * property as in Microsoft's one sample (`Error for Property=id: Required property is missing. Actual value: NULL.`).
 */
function asSentinelMessage(problem: string): string {
  const [path = '/', ...rest] = problem.split(' ');
  const message = rest.join(' ');
  const missing = /^must have required property '([^']+)'$/.exec(message);
  if (missing) return `Error for Property=${missing[1]}: Required property is missing. Actual value: NULL.`;
  return `Error for Property=${path.replace(/^\//, '').replace(/\//g, '.') || 'object'}: ${message}.`;
}

/** Sentinel's documented rule the schemas cannot state: `valid_until` later than `valid_from`. */
function windowProblems(object: unknown): string[] {
  const { valid_from: from, valid_until: until } = (object ?? {}) as { valid_from?: unknown; valid_until?: unknown };
  if (typeof from !== 'string' || typeof until !== 'string') return [];
  return Date.parse(until) > Date.parse(from) ? [] : [`Error for Property=valid_until: must be later than valid_from. Actual value: ${until}.`];
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
      res.setHeader('www-authenticate', 'Bearer error="invalid_token"');
      gatewayFail(res, 401, 'Unauthorized. Access token is missing or invalid.');
      return;
    }
    const admitted = state.window.admit(Date.now());
    if (!admitted.ok) {
      const seconds = Math.max(1, Math.ceil(admitted.retryAfterMs / 1000));
      if (state.settings.retryAfterHeader) res.setHeader('retry-after', String(seconds));
      gatewayFail(res, 429, `Rate limit is exceeded. Try again in ${seconds} seconds.`);
      return;
    }
    if (req.query['api-version'] !== API_VERSION)
      return fail(res, 400, 'InvalidApiVersion', `The api-version '${String(req.query['api-version'] ?? '')}' is not supported; use ${API_VERSION}.`);
    const workspace = decodeURIComponent(UPLOAD.exec(req.path)?.[1] ?? '');
    if (workspace !== state.workspaceId) return fail(res, 404, 'WorkspaceNotFound', `Workspace '${workspace}' was not found.`);
    if (state.settings.forbidden)
      return fail(
        res,
        403,
        'AuthorizationFailed',
        'The client does not have authorization to perform action Microsoft.SecurityInsights/threatIntelligence/write.',
      );
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
      return fail(res, 400, 'InvalidRequestBodyProperty(RequestBody)', 'Body of the request is not in valid JSON format.');
    }
    if (!body || typeof body !== 'object' || Array.isArray(body)) return fail(res, 400, 'BadRequest', 'The request body must be a JSON object.');
    if (typeof body.sourcesystem !== 'string' || body.sourcesystem.trim() === '') return fail(res, 400, 'BadRequest', "The field 'sourcesystem' is required.");
    // Documented: at most 256 characters, and not "Microsoft Sentinel".
    if (body.sourcesystem.length > 256 || body.sourcesystem.trim().toLowerCase() === 'microsoft sentinel') {
      return fail(res, 400, 'BadRequest', "The field 'sourcesystem' must be at most 256 characters and not 'Microsoft Sentinel'.");
    }
    if (!Array.isArray(body.stixobjects) || body.stixobjects.length === 0)
      return fail(res, 400, 'BadRequest', "The field 'stixobjects' must be a non-empty array.");
    const objects = body.stixobjects as unknown[];
    res.locals.objects = objects.length;
    res.locals.sourceSystem = body.sourcesystem;
    if (objects.length > state.settings.maxObjectsPerRequest) {
      return fail(
        res,
        400,
        'BadRequest',
        `The request contains ${objects.length} objects; at most ${state.settings.maxObjectsPerRequest} are allowed per request.`,
      );
    }
    const errors: Array<{ recordIndex: number; messages: string[] }> = [];
    const refused = new Set(state.settings.refuseIds);
    objects.forEach((object, recordIndex) => {
      const problems = state.settings.validate
        ? [...state.validator.validate(object).map(asSentinelMessage), ...windowProblems(object)]
        : typeof object === 'object' && object !== null
          ? []
          : ['not an object'];
      if (refused.has(String((object as { id?: unknown } | null)?.id))) problems.push('The indicator was refused.');
      if (problems.length > 0) errors.push({ recordIndex, messages: problems.slice(0, 5) });
    });
    res.locals.rejected = errors.length;
    if (errors.length === objects.length || (errors.length > 0 && state.settings.refusedBatch === 'whole-batch')) {
      res.locals.rejected = objects.length;
      const first = errors[0]!;
      return fail(res, ALL_REFUSED.status, ALL_REFUSED.code, `Record ${first.recordIndex}: ${first.messages.join(' ')}`);
    }
    const refusedIndexes = new Set(errors.map((e) => e.recordIndex));
    objects.forEach((object, recordIndex) => {
      if (!refusedIndexes.has(recordIndex)) state.store.put(object as Record<string, unknown>, body.sourcesystem as string, { text: raw, index: recordIndex });
    });
    if (errors.length === 0) res.status(200).end();
    else res.status(200).json({ errors: errors.map((e) => ({ recordIndex: e.recordIndex, [state.settings.errorMessagesField]: e.messages })) });
  });
  return router;
}
