import type { JobStore } from '../../sdk';
import type { JobCheckpoint } from './engine-context';
import { LIVE_STAGES, type JobCounts, type JobLive, type JobStatus, type LiveStage } from './types';

/** How far back the rate looks. */
const RATE_WINDOW_MS = 60_000;
/** The rate is not told from less than this much time (the first seconds of a stage would say anything). */
const RATE_MIN_SPAN_MS = 3_000;

/** Share of the progress bar each stage covers (upload dominates: it is paced by Sentinel's limits). */
export const STAGE_SPAN: Record<'download' | 'convert' | 'upload' | 'revoke', [number, number]> = {
  download: [0, 0.15],
  convert: [0.15, 0.25],
  upload: [0.25, 0.95],
  revoke: [0.95, 1],
};

/**
 * A running job's counts, status and progress, kept in memory and written to the store at most every
 * `intervalMs` (and on every status change), so hot loops never pay a database write per indicator.
 */
export class JobProgress {
  #lastWrite = 0;
  readonly #stages: Record<LiveStage, number> = { download: 0, convert: 0, upload: 0, revoke: 0 };
  #stage: LiveStage = 'download';
  /** (time, objects sent so far) samples over the rate window. */
  readonly #sent: Array<[number, number]> = [];

  constructor(
    private readonly store: JobStore<JobCounts, JobCheckpoint>,
    readonly requestId: string,
    readonly counts: JobCounts,
    public progress: number,
    private readonly intervalMs = 500,
    private readonly clock: () => number = Date.now,
  ) {}

  add(field: keyof JobCounts, n = 1): void {
    this.counts[field] += n;
  }

  /** Sets progress within a stage's span from a 0..1 fraction of that stage. */
  stage(stage: keyof typeof STAGE_SPAN, fraction: number): void {
    const [from, to] = STAGE_SPAN[stage];
    const share = Math.min(1, Math.max(0, fraction));
    this.progress = from + (to - from) * share;
    this.#stages[stage] = share;
    // The job is in the latest stage that has started; earlier ones may still run beside it (they overlap).
    if (LIVE_STAGES.indexOf(stage) >= LIVE_STAGES.indexOf(this.#stage)) this.#stage = stage;
  }

  /** Objects sent to Sentinel so far (each answered batch's objects, whatever became of them). */
  get #sentSoFar(): number {
    const c = this.counts;
    return c.uploaded + c.refreshed + c.revoked + c.rejected;
  }

  /**
   * What the job is doing now: each stage's progress, the send rate over the last minute, the time to send what
   * has been converted so far at that rate, and Sentinel's throttling (`pausedUntil`, epoch ms, from the uploader).
   */
  live(uploader: { pausedUntil?: number; ceilingPerMinute?: number } = {}): JobLive {
    const now = this.clock();
    const sent = this.#sentSoFar;
    this.#sample(now, sent);
    const [t0, n0] = this.#sent[0]!;
    const span = now - t0;
    const measured = span >= RATE_MIN_SPAN_MS ? Math.round(((sent - n0) * 60_000) / span) : 0;
    // The pacer lets a window's requests out as a burst and then waits: over a span shorter than its window a burst
    // reads above the ceiling, which no whole window ever exceeds. The rate told is at most the ceiling.
    const objectsPerMinute = uploader.ceilingPerMinute ? Math.min(measured, uploader.ceilingPerMinute) : measured;
    const c = this.counts;
    const waiting = Math.max(0, c.converted - c.current - (c.uploaded + c.refreshed + c.rejected));
    return {
      stages: { ...this.#stages },
      stage: this.#stage,
      objectsPerMinute,
      ...(uploader.ceilingPerMinute ? { ceilingPerMinute: uploader.ceilingPerMinute } : {}),
      ...(objectsPerMinute > 0 && this.#stages.upload < 1 ? { etaSeconds: Math.ceil((waiting * 60) / objectsPerMinute) } : {}),
      ...(uploader.pausedUntil && uploader.pausedUntil > now ? { throttledUntil: new Date(uploader.pausedUntil).toISOString() } : {}),
    };
  }

  #sample(now: number, sent: number): void {
    const last = this.#sent.at(-1);
    if (!last || now - last[0] >= 250 || sent !== last[1]) this.#sent.push([now, sent]);
    while (this.#sent.length > 1 && now - this.#sent[1]![0] >= RATE_WINDOW_MS) this.#sent.shift();
  }

  /** Writes counts and progress if the interval has passed. */
  tick(): void {
    const now = this.clock();
    if (now - this.#lastWrite >= this.intervalMs) this.flush();
  }

  flush(extra: { status?: JobStatus; checkpoint?: JobCheckpoint } = {}): void {
    this.#lastWrite = this.clock();
    this.#sample(this.#lastWrite, this.#sentSoFar);
    this.store.update(this.requestId, { counts: this.counts, progress: this.progress, ...extra });
  }
}
