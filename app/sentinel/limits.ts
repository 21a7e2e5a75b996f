/**
 * Sentinel's upload API facts in one place (docs/sentinel-api.md §1). Everything here can be overridden through options,
 * so tests and benchmarks can scale time down.
 */
export const SENTINEL_LIMITS = {
  /** Most STIX objects in one upload request. */
  maxObjectsPerRequest: 100,
  /** Most requests per rolling window, per caller. */
  maxRequestsPerWindow: 100,
  /** The rolling window. */
  windowMs: 60_000,
  apiVersion: '2024-02-01-preview',
  /** The hyphenated spelling: `threatintelligence-stix-objects` is reported to answer 404. */
  uploadPath: '/workspaces/{workspaceId}/threat-intelligence-stix-objects:upload',
  /** Wait after a 429 that says neither Retry-After nor "Try again in N seconds". */
  defaultRetryAfterMs: 60_000,
  /** Attempts per batch on 5xx, timeouts and resets before the batch is recorded as failed. */
  maxAttempts: 6,
  backoffBaseMs: 1_000,
  backoffMaxMs: 60_000,
  /** Longest single request before it counts as a timeout. */
  requestTimeoutMs: 120_000,
  /** Batches kept in flight at once (all of them paced). */
  concurrency: 4,
  /** Renew the Entra token when it has less than this left. */
  tokenRenewBeforeMs: 5 * 60_000,
} as const;

export type SentinelLimits = { -readonly [K in keyof typeof SENTINEL_LIMITS]: (typeof SENTINEL_LIMITS)[K] extends string ? string : number };

/** The full upload URL for a workspace. */
export function uploadUrl(apiUrl: string, workspaceId: string, limits: Pick<SentinelLimits, 'uploadPath' | 'apiVersion'> = SENTINEL_LIMITS): string {
  const path = limits.uploadPath.replace('{workspaceId}', encodeURIComponent(workspaceId));
  return `${apiUrl.replace(/\/+$/, '')}${path}?api-version=${encodeURIComponent(limits.apiVersion)}`;
}
