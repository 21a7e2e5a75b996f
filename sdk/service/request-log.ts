import type { RequestHandler } from 'express';
import type { Logger } from '../logger';
import { requestContext } from '../request-context';

/**
 * Logs one line per request when its response finishes: method, path, status, duration. Reads that succeed (GET,
 * HEAD below 400: what an open UI polls every second or so) at debug, everything else at info, server errors at
 * warn. Query strings, headers and bodies are never logged: they may carry tokens or other secrets.
 */
export function requestLog(logger: Logger): RequestHandler {
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    const requestId = requestContext.getStore()?.requestId;
    // originalUrl keeps the mount path; cut the query off before anything is logged.
    const path = req.originalUrl.split('?', 1)[0] ?? '';
    let logged = false;
    const done = (aborted: boolean) => {
      if (logged) return;
      logged = true;
      const durationMs = Number(process.hrtime.bigint() - started) / 1e6;
      const fields = { method: req.method, path, status: res.statusCode, durationMs: Math.round(durationMs * 10) / 10, requestId };
      if (aborted) logger.warn('Request aborted before its response finished', fields);
      else if (res.statusCode >= 500) logger.warn('Request answered', fields);
      else if ((req.method === 'GET' || req.method === 'HEAD') && res.statusCode < 400) logger.debug('Request answered', fields);
      else logger.info('Request answered', fields);
    };
    res.once('finish', () => done(false));
    res.once('close', () => done(!res.writableFinished));
    next();
  };
}
