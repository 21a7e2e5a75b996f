/** What the lifecycle needs of a transport, whichever one serves the app. */
export interface ServiceTransport {
  readonly kind: 'core' | 'standalone';
  /** From now on new requests are refused (503); running ones go on. */
  stopAccepting(): void;
  /** Stops accepting, waits up to `graceMs` for running requests, then disconnects everything. */
  close(graceMs?: number): Promise<void>;
  /** Fields for `GET /api/health`. */
  health(): Record<string, unknown>;
}

/** How long a closing transport waits for running requests by default. */
export const DEFAULT_GRACE_MS = 10_000;
