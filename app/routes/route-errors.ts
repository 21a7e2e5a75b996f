import type { RequestHandler } from 'express';
import { HttpError, TcApiError } from '../../sdk';
import type { ApiErrorBody, ProblemDetail } from './api-types';

/** 400 with every problem found; the service's error handler sends it as `{error, details}`. */
export function invalidRequest(message: string, problems: ProblemDetail[]): HttpError {
  return new HttpError(400, message, problems);
}

/** Answers 405 with the allowed methods, for a known path asked with another method. */
export function methodNotAllowed(allowed: string[]): RequestHandler {
  return (req, res) => {
    res.set('Allow', allowed.join(', '));
    res.status(405).json({ error: `${req.method} is not allowed here; use ${allowed.join(' or ')}` } satisfies ApiErrorBody);
  };
}

/** Runs a call to ThreatConnect on behalf of a request; its failure becomes a 502 that says what could not be done. */
export async function fromUpstream<T>(what: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    if (err instanceof HttpError) throw err;
    if (err instanceof TcApiError) {
      // ThreatConnect's own reason, without the request URL: a 400 there is the query's fault (bad TQL).
      if (err.status === 400) throw new HttpError(400, `ThreatConnect rejected the TQL: ${err.tcMessage ?? 'no reason given'}`);
      const answer =
        err.status !== undefined ? `ThreatConnect answered ${err.status}${err.tcMessage ? `: ${err.tcMessage}` : ''}` : 'ThreatConnect did not answer';
      throw new HttpError(502, `Could not ${what}: ${answer}`);
    }
    // Not ThreatConnect's answer: an internal detail (a URL, an address) that stays in the log.
    throw new HttpError(502, `Could not ${what}: ThreatConnect did not answer`);
  }
}
