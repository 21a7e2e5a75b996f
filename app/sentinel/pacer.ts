export interface PacerOptions {
  maxRequests: number;
  windowMs: number;
  /**
   * Extra spacing so requests that travel at different speeds still arrive under the limit; default 0.25% of the
   * window (150 ms of a minute), at least 2 ms.
   */
  marginMs?: number;
  now?: () => number;
}

export interface Pacer {
  /** Resolves when one more request may go out now; callers are served first come, first served. */
  acquire(signal?: AbortSignal): Promise<void>;
  /** Holds every request until `epochMs` (after a 429). */
  pauseUntil(epochMs: number): void;
  /** Requests granted in the last window. */
  readonly inWindow: number;
}

/**
 * A rolling-window limiter: never more than `maxRequests` grants in any `windowMs` span, and no capacity wasted —
 * a waiting request goes out the instant the oldest grant in the window expires (no fixed sleeps, no ticks).
 * @example const pacer = createPacer({ maxRequests: 100, windowMs: 60_000 }); await pacer.acquire();
 */
export function createPacer(options: PacerOptions): Pacer {
  const now = options.now ?? Date.now;
  const span = options.windowMs + (options.marginMs ?? Math.max(2, options.windowMs * 0.0025));
  const grants: number[] = []; // ascending times of the grants still inside the window
  const waiters: Array<{ resolve: () => void; reject: (err: unknown) => void; signal?: AbortSignal; onAbort?: () => void }> = [];
  let pausedUntil = 0;
  let timer: NodeJS.Timeout | undefined;

  const prune = (t: number) => {
    while (grants.length > 0 && grants[0]! <= t - span) grants.shift();
  };

  const pump = () => {
    timer = undefined;
    const t = now();
    prune(t);
    while (waiters.length > 0 && t >= pausedUntil && grants.length < options.maxRequests) {
      const w = waiters.shift()!;
      if (w.onAbort) w.signal?.removeEventListener('abort', w.onAbort);
      grants.push(t);
      w.resolve();
    }
    if (waiters.length === 0) return;
    const nextFree = grants.length < options.maxRequests ? t : grants[0]! + span;
    const wait = Math.max(1, Math.max(nextFree, pausedUntil) - t);
    timer = setTimeout(pump, wait);
  };

  const schedule = () => {
    if (timer) clearTimeout(timer);
    pump();
  };

  return {
    acquire(signal) {
      if (signal?.aborted) return Promise.reject(signal.reason);
      return new Promise<void>((resolve, reject) => {
        const waiter: (typeof waiters)[number] = { resolve, reject, ...(signal ? { signal } : {}) };
        if (signal) {
          waiter.onAbort = () => {
            const i = waiters.indexOf(waiter);
            if (i >= 0) waiters.splice(i, 1);
            reject(signal.reason);
          };
          signal.addEventListener('abort', waiter.onAbort, { once: true });
        }
        waiters.push(waiter);
        schedule();
      });
    },
    pauseUntil(epochMs) {
      pausedUntil = Math.max(pausedUntil, epochMs);
      schedule();
    },
    get inWindow() {
      prune(now());
      return grants.length;
    },
  };
}
