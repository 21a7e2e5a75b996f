/**
 * Runs at most `max` tasks at once; the rest wait in arrival order. Keeps track of everything admitted so a
 * shutdown can wait for it.
 */
export class RequestLimiter {
  #running = 0;
  readonly #waiting: Array<() => void> = [];
  readonly #pending = new Set<Promise<unknown>>();

  constructor(private readonly max: number) {
    if (!Number.isInteger(max) || max < 1) throw new RangeError(`max must be a positive integer, got ${max}`);
  }

  get running(): number {
    return this.#running;
  }

  get queued(): number {
    return this.#waiting.length;
  }

  /** Runs `task` when a slot is free; the returned promise settles with it. */
  run<T>(task: () => Promise<T>): Promise<T> {
    const job = this.#acquire().then(async () => {
      try {
        return await task();
      } finally {
        this.#release();
      }
    });
    const tracked = job.catch(() => undefined);
    this.#pending.add(tracked);
    void tracked.then(() => this.#pending.delete(tracked));
    return job;
  }

  /** Resolves when everything admitted so far has settled, or after `timeoutMs`; true when all settled. */
  async drain(timeoutMs: number): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(false), timeoutMs);
    });
    const all = Promise.all([...this.#pending]).then(() => true);
    try {
      return await Promise.race([all, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  #acquire(): Promise<void> {
    if (this.#running < this.max) {
      this.#running += 1;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.#waiting.push(resolve));
  }

  #release(): void {
    const next = this.#waiting.shift();
    if (next) next();
    else this.#running -= 1;
  }
}
