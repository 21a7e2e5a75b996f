/**
 * Fires `onMissed` when no heartbeat arrived within `timeoutMs` of the last one (or of `start`). Core sends
 * heartbeats; a service that stops hearing them must assume Core is gone (docs/platform-protocol.md §3).
 */
export class HeartbeatWatchdog {
  #timer: NodeJS.Timeout | undefined;
  #stopped = true;

  constructor(
    private readonly timeoutMs: number,
    private readonly onMissed: () => void,
  ) {}

  start(): void {
    this.#stopped = false;
    this.beat();
  }

  /** A heartbeat arrived: the clock starts again. */
  beat(): void {
    if (this.#stopped) return;
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => {
      this.#stopped = true;
      this.onMissed();
    }, this.timeoutMs);
  }

  stop(): void {
    this.#stopped = true;
    clearTimeout(this.#timer);
  }
}
