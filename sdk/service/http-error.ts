/**
 * An error a route handler throws to answer with a given status: the service's error handler turns it into
 * `{error: message, details?}`. Anything else thrown becomes a 500 whose details stay in the log.
 * @example throw new HttpError(409, 'A job is already running', { requestId });
 */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'HttpError';
    if (!Number.isInteger(status) || status < 400 || status > 599) {
      throw new RangeError(`HttpError status must be an integer from 400 to 599, got ${status}`);
    }
  }
}

/** The body of every error response. */
export interface ErrorBody {
  error: string;
  details?: unknown;
}
