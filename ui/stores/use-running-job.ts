import { useEffect, useRef, useState } from 'preact/hooks';
import { JOB_STATUSES, type Job, type JobStatus } from '../../app/export/types';
import type { ApiClient } from '../api/api-client';
import { ApiError } from '../api/api-error';

/** Statuses of a job that has not finished: every status but the last step's and Failed. */
export const RUNNING_STATUSES: JobStatus[] = JOB_STATUSES.filter((s) => s !== 'Upload Complete' && s !== 'Failed');

/** How often the running job is read (its live stages, rate and ETA change by the second). */
export const POLL_RUNNING_MS = 1000;
export const POLL_IDLE_MS = 15000;
/** After a failed read while a job was running. */
export const POLL_ERROR_MS = 3000;
/** How often `tick` moves while a job runs: the lists beside it need not reload every second. */
export const TICK_RUNNING_MS = 2000;

export interface RunningJob {
  /** The job in progress, if any, as GET /api/jobs/:requestId tells it (with `live`). */
  job?: Job;
  /** The job that was running the last time one was seen, once it has finished (its final state). */
  finished?: Job;
  /** When `job` was read (epoch ms): what the live view counts its ETA from. */
  seenAt?: number;
  /** Changes every 2 s while a job runs, on each change of its status and once when it ends, so lists can refresh with it. */
  tick: number;
  /** Polls at once (after starting a job, say). */
  poke(): void;
}

const isRunning = (job: Job) => !job.endedAt && RUNNING_STATUSES.includes(job.status);

/**
 * Watches for a running job: every second while one runs (the job itself, with its live view), every 15 s
 * otherwise (a scheduled job may start), never while the page is hidden.
 */
export function useRunningJob(api: ApiClient, kick = 0): RunningJob {
  const [state, setState] = useState<{ job?: Job; seenAt?: number }>({});
  const [finished, setFinished] = useState<Job>();
  const [tick, setTick] = useState(0);
  const [poked, setPoked] = useState(0);
  const last = useRef<string>();
  const lastTick = useRef({ at: 0, status: '' });

  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let polling = false;
    // Poked (a job started or reopened here) or back after a lost connection: the lists refresh once this poll is
    // done, even when it finds no job running. A short job can start and end between two reads; the lists, read
    // while it ran, would otherwise keep its half-done state.
    let announce = poked > 0 || kick > 0;
    const poll = async () => {
      polling = true;
      const started = Date.now();
      let running: Job | undefined;
      // After a failed read the job seen running is tried again soon (the service may only have hiccupped).
      let wait = POLL_IDLE_MS;
      try {
        if (!document.hidden) {
          const previous = last.current;
          let ended: Job | undefined;
          if (previous) {
            // The job seen running is read directly: one request a second while it runs.
            const seen = await api.getJob(previous).catch((err: unknown) => {
              if (err instanceof ApiError && err.status === 404) return undefined; // gone (a state restored)
              throw err;
            });
            if (seen && isRunning(seen)) running = seen;
            else ended = seen;
          }
          if (!running) {
            // A new job, or the next one: the list finds it, the job's own route tells its live view.
            const listed = (await api.listJobs({ status: RUNNING_STATUSES, pageSize: 1 })).items[0];
            if (listed) {
              const read = await api.getJob(listed.requestId);
              if (isRunning(read)) running = read;
              else ended = read; // it ended between the two reads
            }
          }
          if (stopped) return;
          last.current = running?.requestId;
          if (ended) setFinished(ended);
          setState({ job: running, seenAt: Date.now() });
          // Lists refresh every 2 s while a job runs, at once when its status changes, and once more as it ends.
          const status = running ? `${running.requestId} ${running.status}` : '';
          const now = Date.now();
          if (!running && (previous || ended || announce)) setTick((n) => n + 1);
          else if (running && (status !== lastTick.current.status || now - lastTick.current.at >= TICK_RUNNING_MS)) {
            lastTick.current = { at: now, status };
            setTick((n) => n + 1);
          }
          announce = false;
        }
        if (running) wait = Math.max(0, POLL_RUNNING_MS - (Date.now() - started));
      } catch {
        // The lists show their own errors; the watcher simply tries again at the next beat.
        if (last.current) wait = POLL_ERROR_MS;
      }
      polling = false;
      if (!stopped) timer = setTimeout(poll, wait);
    };
    // Back on the page: read at once rather than at the next idle beat.
    const onVisible = () => {
      if (document.hidden || polling || stopped) return;
      clearTimeout(timer);
      void poll();
    };
    document.addEventListener('visibilitychange', onVisible);
    void poll();
    return () => {
      stopped = true;
      clearTimeout(timer);
      document.removeEventListener('visibilitychange', onVisible);
    };
  }, [api, kick, poked]);

  return { job: state.job, finished, seenAt: state.seenAt, tick, poke: () => setPoked((n) => n + 1) };
}
