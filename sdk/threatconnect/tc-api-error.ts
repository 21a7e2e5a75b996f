export interface TcApiErrorDetails {
  method: string;
  /** The request URL with credentials removed (see redactUrl). */
  url: string;
  /** HTTP status; undefined when no response arrived (network failure). */
  status?: number;
  /** ThreatConnect's own `message` from `{"status":"Error","message":"…"}`. */
  tcMessage?: string;
  /** What went wrong when there is no TC message (network error, unreadable body). */
  reason?: string;
  attempts?: number;
  cause?: unknown;
}

/**
 * Any failed ThreatConnect API call: the message names the method, the URL (never a credential), the status and
 * ThreatConnect's message, so a log line or a job error says everything at once.
 * @example try { await client.get('/v3/indicators', { tql }) } catch (e) { if (e instanceof TcApiError && e.status === 400) … }
 */
export class TcApiError extends Error {
  readonly method: string;
  readonly url: string;
  readonly status: number | undefined;
  readonly tcMessage: string | undefined;
  readonly attempts: number | undefined;
  /** What went wrong when there is no status to tell it (a network error, an answer that cannot be used). */
  readonly reason: string | undefined;

  constructor(details: TcApiErrorDetails) {
    const outcome = details.status === undefined ? 'failed' : `failed with ${details.status}`;
    const why = details.tcMessage ?? details.reason;
    const tries = details.attempts && details.attempts > 1 ? ` (after ${details.attempts} attempts)` : '';
    super(`ThreatConnect API ${details.method} ${details.url} ${outcome}${why ? `: ${why}` : ''}${tries}`, {
      cause: details.cause,
    });
    this.name = 'TcApiError';
    this.method = details.method;
    this.url = details.url;
    this.status = details.status;
    this.tcMessage = details.tcMessage;
    this.attempts = details.attempts;
    this.reason = details.reason;
  }
}

/** The `message` of a ThreatConnect error body, if the text is one. */
export function readTcMessage(body: string): string | undefined {
  try {
    const parsed: unknown = JSON.parse(body);
    if (parsed && typeof parsed === 'object' && 'message' in parsed && typeof parsed.message === 'string') return parsed.message;
  } catch {
    // Not JSON (a proxy's HTML error page, say): the status alone must do.
  }
  return undefined;
}
