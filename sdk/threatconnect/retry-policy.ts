/** How often and how patiently the client retries. */
export interface RetryOptions {
  /** Total tries of one request, the first included (4 = TcEx's three retries). */
  attempts: number;
  /** Delay before the first retry; it doubles for each further one. */
  baseDelayMs: number;
  /** Upper bound of any one delay, Retry-After included. */
  maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryOptions = { attempts: 4, baseDelayMs: 1000, maxDelayMs: 30_000 };

/** Statuses that mean "the server, not the request, failed": worth another try. */
export const RETRY_STATUSES: ReadonlySet<number> = new Set([500, 502, 503, 504]);

const RETRY_CODES = new Set(['ECONNRESET', 'ETIMEDOUT', 'ECONNREFUSED', 'ECONNABORTED', 'EPIPE', 'EAI_AGAIN', 'ENOTFOUND']);

/** True for transport failures (reset, timeout, refused, hang up) a later try may not meet. */
export function isRetryableNetworkError(err: unknown): boolean {
  if (!err || typeof err !== 'object') return false;
  const code = 'code' in err && typeof err.code === 'string' ? err.code : undefined;
  const message = 'message' in err && typeof err.message === 'string' ? err.message : '';
  return (code !== undefined && RETRY_CODES.has(code)) || /socket hang up|timeout/i.test(message);
}

/** Exponential backoff with jitter: half the capped delay is fixed, the other half random, so clients spread out. */
export function backoffDelay(retry: number, options: RetryOptions, random: () => number = Math.random): number {
  const capped = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** Math.max(0, retry - 1));
  return Math.round(capped / 2 + (capped / 2) * random());
}

/** The delay a Retry-After header asks for (seconds or an HTTP date), capped; undefined when absent or unreadable. */
export function retryAfterMs(header: unknown, maxDelayMs: number, now = Date.now()): number | undefined {
  if (typeof header !== 'string' || header.trim() === '') return undefined;
  const seconds = Number(header);
  const ms = Number.isFinite(seconds) ? seconds * 1000 : Date.parse(header) - now;
  return Number.isFinite(ms) ? Math.min(maxDelayMs, Math.max(0, ms)) : undefined;
}

/** Waits `ms`, or rejects with the signal's reason as soon as it aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
