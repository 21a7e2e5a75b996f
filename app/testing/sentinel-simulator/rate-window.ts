/** Sentinel's throttle as the simulator enforces it: at most `max` requests in any rolling `windowMs`. */
export class RateWindow {
  readonly #times: number[] = [];

  constructor(private readonly settings: { maxRequests: number; windowMs: number }) {}

  /** Admits a request at `now`, or says how many ms until one would be admitted. */
  admit(now: number): { ok: true } | { ok: false; retryAfterMs: number } {
    const { maxRequests, windowMs } = this.settings;
    while (this.#times.length > 0 && this.#times[0]! <= now - windowMs) this.#times.shift();
    if (this.#times.length < maxRequests) {
      this.#times.push(now);
      return { ok: true };
    }
    return { ok: false, retryAfterMs: this.#times[0]! + windowMs - now };
  }

  reset(): void {
    this.#times.length = 0;
  }
}
