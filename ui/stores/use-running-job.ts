import { useEffect, useRef, useState } from 'preact/hooks';
import { JOB_STATUSES, type Job, type JobStatus } from '../../app/export/types';
import type { ApiClient } from '../api/api-client';

/** Statuses of a job that has not finished: every status but the last step's and Failed. */
export const RUNNING_STATUSES: JobStatus[] = JOB_STATUSES.filter((s) => s !== 'Upload Complete' && s !== 'Failed');

export const POLL_RUNNING_MS = 2000;
export const POLL_IDLE_MS = 15000;

export interface RunningJob {
  /** The job in progress, if any. */
  job?: Job;
  /** The job that was running the last time one was seen, once it has finished (its final state). */
  finished?: Job;
  /** Changes on every poll while a job runs, so lists can refresh with it. */
  tick: number;
  /** Polls at once (after starting a job, say). */
  poke(): void;
}

/**
 * Watches for a running job: every 2 s while one runs, every 15 s otherwise (a scheduled job may start), never
 * while the page is hidden.
 */
export function useRunningJob(api: ApiClient, kick = 0): RunningJob {
  const [job, setJob] = useState<Job>();
  const [finished, setFinished] = useState<Job>();
  const [tick, setTick] = useState(0);
  const [poked, setPoked] = useState(0);
  const last = useRef<string>();

  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = async () => {
      let running: Job | undefined;
      try {
        if (!document.hidden) {
          const previous = last.current;
          running = (await api.listJobs({ status: RUNNING_STATUSES, pageSize: 1 })).items[0];
          last.current = running?.requestId;
          if (!running && previous && !stopped) setFinished(await api.getJob(previous));
          if (stopped) return;
          setJob(running);
          // One more beat after the job ends, so the lists show its final state.
          if (running || previous) setTick((n) => n + 1);
        }
      } catch {
        // The lists show their own errors; the watcher simply tries again at the next beat.
      }
      if (!stopped) timer = setTimeout(poll, running ? POLL_RUNNING_MS : POLL_IDLE_MS);
    };
    void poll();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [api, kick, poked]);

  return { job, finished, tick, poke: () => setPoked((n) => n + 1) };
}
