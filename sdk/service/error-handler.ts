import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { Logger } from '../logger';
import { requestContext } from '../request-context';
import { ErrorBody, HttpError } from './http-error';

interface Answer {
  status: number;
  body: ErrorBody;
}

/** Fields body-parser and http-errors put on the errors they raise. */
interface ParserError {
  status?: unknown;
  type?: unknown;
  expose?: unknown;
  limit?: unknown;
}

const PARSER_ANSWERS: Record<string, (err: ParserError) => Answer> = {
  'entity.parse.failed': () => ({ status: 400, body: { error: 'Request body is not valid JSON' } }),
  'entity.too.large': (err) => ({
    status: 413,
    body: { error: 'Request body is too large', details: { limitBytes: err.limit } },
  }),
  'encoding.unsupported': () => ({ status: 415, body: { error: 'Unsupported content encoding' } }),
  'charset.unsupported': () => ({ status: 415, body: { error: 'Unsupported charset' } }),
  'request.aborted': () => ({ status: 400, body: { error: 'Request body was cut short' } }),
  'request.size.invalid': () => ({ status: 400, body: { error: 'Request body does not match its Content-Length' } }),
};

/** Turns any thrown value into a status and a body that never carries a stack trace or an internal message. */
function answerFor(err: unknown): Answer | undefined {
  if (err instanceof HttpError) {
    return { status: err.status, body: err.details === undefined ? { error: err.message } : { error: err.message, details: err.details } };
  }
  if (typeof err !== 'object' || err === null) return undefined;
  // A path with bad percent-encoding (`/api/jobs/%ff`) is the client's fault.
  if (err instanceof URIError) return { status: 400, body: { error: 'The URL is not valid percent-encoding' } };
  const e = err as ParserError;
  const byType = typeof e.type === 'string' ? PARSER_ANSWERS[e.type] : undefined;
  if (byType) return byType(e);
  // http-errors marks client errors whose message is safe to show with `expose`.
  if (e.expose === true && typeof e.status === 'number' && e.status >= 400 && e.status < 500) {
    return { status: e.status, body: { error: (err as Error).message } };
  }
  return undefined;
}

/** The last handler: every error becomes `{error, details?}`; unexpected ones are logged with their stack. */
export function createErrorHandler(logger: Logger): ErrorRequestHandler {
  return (err: unknown, req, res, next) => {
    if (res.headersSent) {
      logger.error('Request failed after its response had started', { method: req.method, path: req.path, err: describe(err) });
      next(err);
      return;
    }
    const known = answerFor(err);
    if (known) {
      res.status(known.status).json(known.body);
      return;
    }
    const requestId = requestContext.getStore()?.requestId;
    logger.error('Unhandled error in request handler', { method: req.method, path: req.path, requestId, err: describe(err) });
    const body: ErrorBody = { error: 'Internal server error' };
    if (requestId) body.details = { requestId };
    res.status(500).json(body);
  };
}

/** 404 for every route nothing else answered. */
export const notFoundHandler: RequestHandler = (req, res) => {
  res.status(404).json({ error: 'Not found', details: { method: req.method, path: req.path } } satisfies ErrorBody);
};

function describe(err: unknown): Record<string, unknown> {
  if (err instanceof Error) return { name: err.name, message: err.message, stack: err.stack };
  return { value: String(err) };
}
