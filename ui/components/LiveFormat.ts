import { LIVE_STAGES, type JobLive, type JobStatus, type LiveStage } from '../../app/export/types';

// Words for a running job's live view (JOBS): its send rate against Sentinel's ceiling, the time left and when it
// ends, Sentinel's throttling, and each stage's state. Numbers and times in the reader's locale unless one is given.

/** "6,000 objects/min of 10,000 max"; without a known ceiling, "6,000 objects/min". */
export function formatRate(objectsPerMinute: number, ceilingPerMinute?: number, locale?: string): string {
  const rate = `${Math.max(0, Math.round(objectsPerMinute)).toLocaleString(locale)} objects/min`;
  return ceilingPerMinute ? `${rate} of ${Math.round(ceilingPerMinute).toLocaleString(locale)} max` : rate;
}

/**
 * How long is left, roughly: "about 4 min left", "about 35 s left" (to 5 s), "about 2 h 05 min left";
 * "almost done" at 0.
 */
export function formatTimeLeft(etaSeconds: number): string {
  const s = Math.max(0, Math.round(etaSeconds));
  if (s === 0) return 'almost done';
  if (s < 60) return `about ${Math.max(5, Math.round(s / 5) * 5)} s left`;
  const m = Math.round(s / 60);
  if (m < 60) return `about ${m} min left`;
  return `about ${Math.floor(m / 60)} h ${String(m % 60).padStart(2, '0')} min left`;
}

/** A clock time to the minute ("14:07"), with the date when it is not on the day of `now`. */
export function formatClock(at: Date, now: Date, locale?: string, seconds = false): string {
  const sameDay = at.toDateString() === now.toDateString();
  const timeStyle = seconds ? 'medium' : 'short';
  return sameDay ? at.toLocaleTimeString(locale, { timeStyle }) : at.toLocaleString(locale, { dateStyle: 'medium', timeStyle });
}

/** "about 4 min left, ending about 14:07", from the ETA in seconds as of `now`. */
export function formatEta(etaSeconds: number, now: Date, locale?: string): string {
  const left = formatTimeLeft(etaSeconds);
  if (Math.round(etaSeconds) <= 0) return left;
  return `${left}, ending about ${formatClock(new Date(now.getTime() + etaSeconds * 1000), now, locale)}`;
}

/** The banner while Sentinel holds the uploads back: "Sentinel asked the App to wait (429) until 14:03:12; …". */
export function formatThrottle(throttledUntil: string, now: Date, locale?: string): string {
  const until = new Date(throttledUntil);
  const when = Number.isNaN(until.getTime()) ? throttledUntil : formatClock(until, now, locale, true);
  return `Sentinel asked the App to wait (429) until ${when}; uploads resume then.`;
}

export type StageState = 'waiting' | 'running' | 'done';

export const STAGE_LABELS: Record<LiveStage, string> = { download: 'Download', convert: 'Convert', upload: 'Upload', revoke: 'Revoke' };
export const STAGE_STATE_LABELS: Record<StageState, string> = { waiting: 'Waiting', running: 'Running', done: 'Done' };

/** Stages the job's status says are over, whatever their share says (a job resumed at upload skips them). */
function doneByStatus(status: JobStatus | undefined): LiveStage[] {
  switch (status) {
    case 'Download Complete':
    case 'Convert In Progress':
      return ['download'];
    case 'Convert Complete':
    case 'Upload In Progress':
      return ['download', 'convert'];
    case 'Upload Complete':
      return [...LIVE_STAGES];
    default:
      return [];
  }
}

/**
 * Each stage's state: done once its share is whole (or the status has gone past it); running when it is the
 * current stage, has begun, or comes before the current one (download, convert and upload overlap); else waiting.
 */
export function stageStates(live: Pick<JobLive, 'stages' | 'stage'>, status?: JobStatus): Record<LiveStage, StageState> {
  const current = LIVE_STAGES.indexOf(live.stage);
  const over = doneByStatus(status);
  const states = {} as Record<LiveStage, StageState>;
  LIVE_STAGES.forEach((stage, i) => {
    const share = live.stages[stage] ?? 0;
    if (share >= 1 || over.includes(stage)) states[stage] = 'done';
    else if (share > 0 || i <= current) states[stage] = 'running';
    else states[stage] = 'waiting';
  });
  return states;
}
