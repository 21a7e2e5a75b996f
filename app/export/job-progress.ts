import type { JobStore } from '../../sdk';
import type { JobCheckpoint } from './engine-context';
import type { JobCounts, JobStatus } from './types';

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

  constructor(
    private readonly store: JobStore<JobCounts, JobCheckpoint>,
    readonly requestId: string,
    readonly counts: JobCounts,
    public progress: number,
    private readonly intervalMs = 500,
  ) {}

  add(field: keyof JobCounts, n = 1): void {
    this.counts[field] += n;
  }

  /** Sets progress within a stage's span from a 0..1 fraction of that stage. */
  stage(stage: keyof typeof STAGE_SPAN, fraction: number): void {
    const [from, to] = STAGE_SPAN[stage];
    this.progress = from + (to - from) * Math.min(1, Math.max(0, fraction));
  }

  /** Writes counts and progress if the interval has passed. */
  tick(): void {
    const now = Date.now();
    if (now - this.#lastWrite >= this.intervalMs) this.flush();
  }

  flush(extra: { status?: JobStatus; checkpoint?: JobCheckpoint } = {}): void {
    this.#lastWrite = Date.now();
    this.store.update(this.requestId, { counts: this.counts, progress: this.progress, ...extra });
  }
}
