import { errorMessage, outsideRequest } from '../../../sdk';
import type { EngineContext, SchedulerTimers } from '../engine-context';
import { JobConflictError } from '../export-service';
import { createJob, runJob } from './run-job';
import { runCleaner } from './cleaner';
import { runTask } from '../run-task';
import { runReconcile } from '../reconcile/reconcile';
import type { JobType, UpdateMode } from '../types';

/** What a reconciliation holding the engine is called (409 answers and GET /api/reconcile say it). */
export const RECONCILE_WORK = 'A reconciliation with Sentinel';

/** setTimeout cannot wait longer than ~24.8 days; long waits are re-armed in steps. */
const MAX_TIMER_MS = 6 * 3600_000;
const CLEANER_EVERY_MS = 6 * 3600_000;

const REAL_TIMERS: SchedulerTimers = {
  set: (fn, ms) => setTimeout(fn, ms).unref(),
  clear: (handle) => clearTimeout(handle as NodeJS.Timeout | undefined),
};

/**
 * Runs the export jobs: one at a time, scheduled every `schedule_interval_hours` from the last scheduled start,
 * ad-hoc on request, and resuming on start-up whatever a crash or shutdown interrupted. Also runs the Cleaner.
 */
export class Scheduler {
  #abort = new AbortController();
  /** What holds the engine: a job (its request ID), or other exclusive work (`what` says which). */
  /** `what`: the work when it is not a job; `followUp`: the job has ended and its state copy (and reconciliation) runs. */
  #running: { requestId: string; done: Promise<unknown>; what?: string; followUp?: boolean } | undefined;
  #timer: unknown;
  #cleanerTimer: NodeJS.Timeout | undefined;
  #scheduledDue = false;
  #stopped = false;

  readonly #timers: SchedulerTimers;

  constructor(private readonly ctx: EngineContext) {
    this.#timers = ctx.timers ?? REAL_TIMERS;
  }

  /** Resumes an interrupted job if there is one, then arms the schedule and the Cleaner. */
  start(): void {
    this.ctx.tasks.interruptRunning(this.ctx.now());
    const unfinished = this.ctx.jobs.unfinished();
    // Only one job can ever run; older leftovers (which should not exist) are closed as failed.
    for (const stale of unfinished.slice(0, -1)) {
      this.ctx.jobs.update(stale.requestId, { status: 'Failed', error: 'Superseded by a later job', finished: true, endedAt: this.ctx.now().toISOString() });
    }
    const last = unfinished.at(-1);
    if (last) this.#launch(last.requestId);
    if (!this.ctx.kv.get('lastScheduledStart')) this.ctx.kv.set('lastScheduledStart', this.ctx.now().toISOString());
    this.#arm();
    void this.#clean();
    this.#cleanerTimer = setInterval(() => void this.#clean(), CLEANER_EVERY_MS);
    this.#cleanerTimer.unref();
  }

  /**
   * Runs one job to its end without arming the schedule (the CLI): the job a crash interrupted, if there is one,
   * else a new ad-hoc job of `mode`. Resolves with its request ID and whether it resumed.
   */
  async runOnce(mode: UpdateMode): Promise<{ requestId: string; resumed: boolean }> {
    this.ctx.tasks.interruptRunning(this.ctx.now());
    const interrupted = this.ctx.jobs.unfinished().at(-1);
    let requestId: string;
    if (interrupted) this.#launch((requestId = interrupted.requestId));
    else requestId = this.#startJob('ad-hoc', mode);
    await this.idle();
    return { requestId, resumed: interrupted !== undefined };
  }

  /** Starts an ad-hoc job now; throws JobConflictError while one runs. */
  startAdHoc(mode: UpdateMode, options: { resendAll?: boolean } = {}): string {
    return this.#startJob('ad-hoc', mode, options);
  }

  /**
   * Runs `prepare` (which reopens an existing job), then that job, now; throws JobConflictError while a job runs.
   * Confirmed held revocations are sent this way, by the job that planned them.
   */
  async runReopened<T>(requestId: string, prepare: () => Promise<T>): Promise<T> {
    if (this.#stopped) throw new Error('The service is stopping');
    if (this.#running) throw new JobConflictError(this.#running.requestId, this.#running.what);
    // Held as running while it is prepared: no other job may start in between.
    let release!: () => void;
    this.#running = { requestId, done: new Promise<void>((resolve) => (release = resolve)) };
    let result: T;
    try {
      result = await prepare();
    } catch (err) {
      this.#running = undefined;
      release();
      throw err;
    }
    this.#launch(requestId);
    release();
    return result;
  }

  /**
   * Runs `work` alone (no job starts meanwhile, and it does not start while one runs: JobConflictError); resolves
   * when it has started, with the promise of its end.
   */
  runExclusive<T>(what: string, work: () => Promise<T>): Promise<T> {
    if (this.#stopped) throw new Error('The service is stopping');
    if (this.#running) throw new JobConflictError(this.#running.requestId, this.#running.what);
    const done = work().finally(() => {
      this.#running = undefined;
      if (this.#scheduledDue && !this.#stopped) void this.#fireScheduled();
    });
    this.#running = { requestId: '', what, done: done.catch(() => undefined) };
    return done;
  }

  /** The job running now, if one is (not other exclusive work). */
  get runningJob(): string | undefined {
    return this.#running?.what ? undefined : this.#running?.requestId;
  }

  /** The job whose follow-up (state copy, then reconciliation) holds the engine now, if any. */
  get followingUp(): string | undefined {
    return this.#running?.followUp ? this.#running.requestId : undefined;
  }

  /** What exclusive work other than a job runs now (a reconciliation, also a job's follow-up), if any. */
  get runningWork(): string | undefined {
    return this.#running?.what;
  }

  /** When the next scheduled job is due. */
  nextRunAt(): Date {
    const last = Date.parse(this.ctx.kv.get('lastScheduledStart') ?? '') || this.ctx.now().getTime();
    return new Date(last + this.ctx.options.scheduleIntervalHours * 3600_000);
  }

  /** Resolves when the running job (if any) has finished or stopped. */
  async idle(): Promise<void> {
    await this.#running?.done;
  }

  /** Stops scheduling and interrupts the running job at its next safe point (it resumes on the next start). */
  async stop(): Promise<void> {
    this.#stopped = true;
    this.#timers.clear(this.#timer);
    clearInterval(this.#cleanerTimer);
    this.#abort.abort();
    await this.#running?.done;
  }

  #startJob(type: JobType, mode: UpdateMode, options: { resendAll?: boolean } = {}): string {
    if (this.#stopped) throw new Error('The service is stopping');
    if (this.#running) throw new JobConflictError(this.#running.requestId, this.#running.what);
    const requestId = createJob(this.ctx, type, mode, options);
    this.#launch(requestId);
    return requestId;
  }

  #launch(requestId: string): void {
    // A job started by a request outlives it: it must not run on that request's service token.
    const done = outsideRequest(() => runJob(this.ctx, requestId, this.#abort.signal))
      .then(async (result) => {
        if (result !== 'completed') return;
        // The job has ended (its status says so): a request now hears what still holds the engine, and for how long.
        const holder = this.#running?.requestId === requestId ? this.#running : undefined;
        if (holder) {
          holder.followUp = true;
          holder.what = this.ctx.reconciler ? `${RECONCILE_WORK} after job ${requestId}` : `The copy of the state after job ${requestId}`;
        }
        if (this.ctx.afterSuccess) {
          await this.ctx
            .afterSuccess(requestId)
            .catch((err: unknown) => this.ctx.logger.warn('After the job: could not copy the state', { requestId, error: errorMessage(err) }));
        }
        // What Sentinel now holds is compared with what the job recorded, before any other job may start.
        if (this.ctx.reconciler && !this.#stopped) {
          await runReconcile(this.ctx, this.ctx.reconciler, { requestId, signal: this.#abort.signal }).catch((err: unknown) =>
            this.ctx.logger.warn('After the job: the reconciliation with Sentinel failed', { requestId, error: errorMessage(err) }),
          );
        }
      })
      .catch((err: unknown) => this.ctx.logger.error('Job runner error', { requestId, error: errorMessage(err) }))
      .finally(() => {
        this.#running = undefined;
        if (this.#scheduledDue && !this.#stopped) void this.#fireScheduled();
      });
    this.#running = { requestId, done };
  }

  #arm(): void {
    if (this.#stopped) return;
    this.#timers.clear(this.#timer);
    const wait = this.nextRunAt().getTime() - this.ctx.now().getTime();
    this.#timer = this.#timers.set(() => (wait > MAX_TIMER_MS ? this.#arm() : void this.#fireScheduled()), Math.max(0, Math.min(wait, MAX_TIMER_MS)));
  }

  async #fireScheduled(): Promise<void> {
    if (this.#stopped) return;
    if (this.#running) {
      this.#scheduledDue = true; // starts as soon as the running job ends: two jobs never overlap
      return;
    }
    this.#scheduledDue = false;
    const mode = this.ctx.config.get().nextUpdate;
    this.ctx.kv.set('lastScheduledStart', this.ctx.now().toISOString());
    await runTask(this.ctx, { name: 'Scheduler', kind: 'scheduler' }, async () => {
      if (this.ctx.config.get().queries.length === 0) return 'No query configurations: nothing to run';
      const requestId = this.#startJob('scheduled', mode);
      return `Started scheduled ${mode} update ${requestId}`;
    }).catch(() => undefined);
    this.#arm();
  }

  async #clean(): Promise<void> {
    try {
      await runCleaner(this.ctx);
    } catch (err) {
      this.ctx.logger.error('Cleaner failed', { error: errorMessage(err) });
    }
  }
}
