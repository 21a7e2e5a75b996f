import { useEffect, useState } from 'preact/hooks';
import type { ApiClient } from '../api/api-client';
import { ApiError } from '../api/api-error';

export const HEALTH_POLL_MS = 10_000;
export const HEALTH_RUNNING_POLL_MS = 5000;
export const HEALTH_LOST_POLL_MS = 2000;
/** A service that takes this long to say it is alive is, for the person looking, not answering. */
export const HEALTH_TIMEOUT_MS = 8000;

export interface Health {
  /** False from the moment the service stops answering until it answers again. */
  connected: boolean;
  /** Bumped each time the service answers again after it had stopped: the screens load again. */
  reconnects: number;
  /** When the next scheduled job is due (ISO). */
  nextRunAt?: string;
  /** The request ID of the job in progress. */
  runningJob?: string;
  /** Asks at once (after starting a job, say). */
  poke(): void;
}

/**
 * Not answering: the request failed or timed out, or a gateway answered for the service (ThreatConnect's proxy
 * says 502, 503 or 504 while the service is down). Any other answer, even an error, comes from the service.
 */
function lost(err: unknown): boolean {
  return !(err instanceof ApiError) || err.status === 0 || err.status === 502 || err.status === 503 || err.status === 504;
}

/**
 * Watches `GET /api/health` on every screen: whether the service answers, the running job and the next scheduled
 * run. Every 10 s (each poll is a line in the service's log), 5 s while a job runs so Run now comes back soon after,
 * 2 s while the service does not answer; never while the page is hidden.
 */
export function useHealth(api: ApiClient): Health {
  const [state, setState] = useState<Omit<Health, 'poke'>>({ connected: true, reconnects: 0 });
  const [poked, setPoked] = useState(0);

  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let controller: AbortController | undefined;
    const poll = async () => {
      let wait = HEALTH_POLL_MS;
      if (!document.hidden) {
        controller = new AbortController();
        const timeout = setTimeout(() => controller?.abort(), HEALTH_TIMEOUT_MS);
        try {
          const answer = await api.getHealth(controller.signal);
          if (stopped) return;
          if (answer.export?.runningJob) wait = HEALTH_RUNNING_POLL_MS;
          setState((s) => ({
            connected: true,
            reconnects: s.connected ? s.reconnects : s.reconnects + 1,
            ...(answer.export?.nextRunAt ? { nextRunAt: answer.export.nextRunAt } : {}),
            ...(answer.export?.runningJob ? { runningJob: answer.export.runningJob } : {}),
          }));
        } catch (err) {
          if (stopped) return;
          // Keep what was last known of the schedule: it is shown as such, beside the banner.
          if (lost(err)) {
            wait = HEALTH_LOST_POLL_MS;
            setState((s) => ({ ...s, connected: false }));
          }
        } finally {
          clearTimeout(timeout);
        }
      }
      timer = setTimeout(poll, wait);
    };
    void poll();
    return () => {
      stopped = true;
      clearTimeout(timer);
      controller?.abort();
    };
  }, [api, poked]);

  return { ...state, poke: () => setPoked((n) => n + 1) };
}
