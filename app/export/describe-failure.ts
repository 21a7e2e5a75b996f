import { errorMessage, TcApiError } from '../../sdk';

/** What to check for each ThreatConnect answer that stops a job. */
const TC_HINTS: Record<number, string> = {
  401: 'Check the ThreatConnect Access ID and Secret Key parameters (and that the API user is active)',
  403: 'The API user may not read one of the owners the query configurations name: check its Organization and Community memberships',
  404: 'Check the ThreatConnect API path (tc_api_path) and that the v3 API is available',
};

/**
 * A job's failure in words a person can act on: ThreatConnect's status and reason with what to check, without the
 * (long) request URL, which goes into the error report's raw contents instead.
 * @example describeFailure(err) // 'ThreatConnect answered 401 to GET /api/v3/indicators: … Check the ThreatConnect Access ID…'
 */
export function describeFailure(err: unknown): { message: string; raw?: unknown } {
  if (!(err instanceof TcApiError)) return { message: errorMessage(err) };
  const path = (() => {
    try {
      return new URL(err.url).pathname;
    } catch {
      return err.url.split('?')[0];
    }
  })();
  // No status and no network cause: ThreatConnect answered, but with something that cannot be used.
  const unusable = err.status === undefined && err.cause === undefined && err.reason !== undefined;
  const what =
    err.status !== undefined
      ? `ThreatConnect answered ${err.status} to ${err.method} ${path}${err.tcMessage ? `: ${err.tcMessage}` : ''}`
      : unusable
        ? `ThreatConnect's answer to ${err.method} ${path} could not be used: ${err.reason}`
        : `ThreatConnect could not be reached (${err.method} ${path})`;
  const hint =
    err.status !== undefined
      ? TC_HINTS[err.status]
      : unusable
        ? undefined
        : 'Check the ThreatConnect API path (tc_api_path), the network and the proxy settings';
  const tries = err.attempts && err.attempts > 1 ? ` after ${err.attempts} attempts` : '';
  return {
    message: `${what}${tries}${hint ? `. ${hint}` : ''}`,
    raw: { method: err.method, url: err.url, status: err.status, message: err.tcMessage ?? err.message },
  };
}
