/** Most grant times saved to the memory. */
const MAX_SAVED_GRANTS = 1000;

export interface PacerOptions {
  maxRequests: number;
  windowMs: number;
  /**
   * Extra spacing so requests that travel at different speeds still arrive under the limit; default 0.25% of the
   * window (150 ms of a minute), at least 2 ms.
   */
  marginMs?: number;
  now?: () => number;
  /**
   * Where the window is kept across restarts: loaded once at creation, saved (synchronously, before the request
   * goes out) on every grant, answer and pause. Without it a restarted process would start with an empty window
   * and could send another `maxRequests` into the minute its predecessor already used.
   */
  memory?: PacerMemory;
}

/** The pacer's window as it is saved: the grants' times and the pause, epoch ms. */
export interface PacerWindow {
  grants: number[];
  pausedUntil: number;
}

export interface PacerMemory {
  load(): PacerWindow | undefined;
  save(window: PacerWindow): void;
}

export interface Pacer {
  /**
   * Resolves when one more request may go out now (first come, first served), with `settle`: call it when the
   * answer arrives, so the request counts in the window from then.
   */
  acquire(signal?: AbortSignal): Promise<() => void>;
  /** Holds every request until `epochMs` (after a 429). */
  pauseUntil(epochMs: number): void;
  /** Requests granted in the last window. */
  readonly inWindow: number;
  /** Until when a 429 paused the requests (epoch ms; 0 or past: not paused). */
  readonly pausedUntil: number;
}

/**
 * A rolling-window limiter: never more than `maxRequests` grants in any `windowMs` span, and no capacity wasted —
 * a waiting request goes out the instant the oldest grant in the window expires (no fixed sleeps, no ticks).
 * @example const pacer = createPacer({ maxRequests: 100, windowMs: 60_000 }); await pacer.acquire();
 */
export function createPacer(options: PacerOptions): Pacer {
  const now = options.now ?? Date.now;
  const span = options.windowMs + (options.marginMs ?? Math.max(2, options.windowMs * 0.0025));
  // Grants still inside the window. A grant's time is when its request went out, moved to when its answer came
  // back once settled: the server saw the request somewhere in between, so counting from the answer can never
  // let a later request land inside the same window on the server, however long the first one travelled.
  const grants: Array<{ t: number }> = [];
  let pausedUntil = 0;
  const remembered = options.memory?.load();
  if (remembered) {
    const t0 = now();
    // Times ahead of this clock (another machine's, or a clock set back) count as now: never less than they say.
    for (const g of remembered.grants) if (Number.isFinite(g) && g > t0 - span) grants.push({ t: Math.min(g, t0) });
    grants.splice(0, Math.max(0, grants.length - options.maxRequests));
    if (Number.isFinite(remembered.pausedUntil) && remembered.pausedUntil > t0) pausedUntil = remembered.pausedUntil;
  }
  // Only the newest grants can matter to a restart: at most the limit's worth (and never a huge list when the limit
  // is lifted, as in benchmarks).
  const kept = Math.min(options.maxRequests, MAX_SAVED_GRANTS);
  const save = () => options.memory?.save({ grants: grants.slice(-kept).map((g) => g.t), pausedUntil });
  const waiters: Array<{ resolve: (settle: () => void) => void; reject: (err: unknown) => void; signal?: AbortSignal; onAbort?: () => void }> = [];
  let timer: NodeJS.Timeout | undefined;

  const prune = (t: number) => {
    for (let i = grants.length - 1; i >= 0; i--) if (grants[i]!.t <= t - span) grants.splice(i, 1);
  };

  const pump = () => {
    timer = undefined;
    const t = now();
    prune(t);
    let granted = 0;
    while (waiters.length > 0 && t >= pausedUntil && grants.length < options.maxRequests) {
      const w = waiters.shift()!;
      if (w.onAbort) w.signal?.removeEventListener('abort', w.onAbort);
      const grant = { t };
      grants.push(grant);
      granted += 1;
      w.resolve(() => {
        grant.t = Math.max(grant.t, now());
        save();
        schedule();
      });
    }
    // Saved before any granted request goes out (they continue only after this function returns).
    if (granted > 0) save();
    if (waiters.length === 0) return;
    const nextFree = grants.length < options.maxRequests ? t : Math.min(...grants.map((g) => g.t)) + span;
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
      return new Promise<() => void>((resolve, reject) => {
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
      save();
      schedule();
    },
    get inWindow() {
      prune(now());
      return grants.length;
    },
    get pausedUntil() {
      return pausedUntil;
    },
  };
}
