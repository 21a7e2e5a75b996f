import type { Job } from '../../../app/export/types';
import { formatTime } from '../../components/format';
import { jobTypeLabel, modeLabel } from '../../components/labels';
import { ProgressBar } from '../../components/ProgressBar';
import type { RunningJob } from '../../stores/use-running-job';
import { JobCounts } from './JobCounts';
import { LiveJob, LiveThrottleBanner } from './LiveJob';

export interface RunningJobPanelProps {
  running: RunningJob;
  /** False while the service does not answer: then nothing is said about what runs. */
  connected: boolean;
}

function describe(job: Job): string {
  return `${jobTypeLabel(job.type)} ${modeLabel(job.mode)} job ${job.requestId}`;
}

/**
 * The job in progress, live (its stages, rate, time left, Sentinel's throttling and counts), or how the last one
 * ended. Only the summary is a live region (its status, a throttling, the end): the numbers below it change every
 * second and are read when asked for, not as they change.
 */
export function RunningJobPanel({ running, connected }: RunningJobPanelProps) {
  const { job, finished } = running;
  const now = new Date(running.seenAt ?? Date.now());
  return (
    <section class="running-job" aria-label="Current job" data-testid="running-job">
      <div class="live-summary" aria-live="polite" data-testid="running-job-summary">
        {!connected ? (
          <p class="muted">Not known while the service does not answer.</p>
        ) : job ? (
          <>
            <p>
              <strong>{job.status}</strong> — {describe(job)}, started {formatTime(job.startedAt)}
            </p>
            <LiveThrottleBanner live={job.live} now={now} />
          </>
        ) : finished ? (
          <p>
            No job is running. The last one, {describe(finished)}, ended <strong>{finished.status}</strong>
            {finished.endedAt && ` at ${formatTime(finished.endedAt)}`}
            {finished.error && `: ${finished.error}`}.
          </p>
        ) : (
          <p class="muted">No job is running.</p>
        )}
      </div>
      {connected && job && (
        <>
          <ProgressBar value={job.progress} label="Progress of the running job" />
          {job.live && <LiveJob live={job.live} status={job.status} now={now} />}
          <JobCounts counts={job.counts} />
        </>
      )}
      {connected && !job && finished && <JobCounts counts={finished.counts} />}
    </section>
  );
}
