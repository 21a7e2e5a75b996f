import type { Job } from '../../../app/export/types';
import { formatTime } from '../../components/format';
import { jobTypeLabel, modeLabel } from '../../components/labels';
import { ProgressBar } from '../../components/ProgressBar';
import type { RunningJob } from '../../stores/use-running-job';
import { JobCounts } from './JobCounts';

export interface RunningJobPanelProps {
  running: RunningJob;
  /** False while the service does not answer: then nothing is said about what runs. */
  connected: boolean;
}

function describe(job: Job): string {
  return `${jobTypeLabel(job.type)} ${modeLabel(job.mode)} job ${job.requestId}`;
}

/** The job in progress with its progress and counts, or how the last one ended; read out as it changes. */
export function RunningJobPanel({ running, connected }: RunningJobPanelProps) {
  const { job, finished } = running;
  return (
    <section class="running-job" aria-label="Current job" aria-live="polite" data-testid="running-job">
      {!connected ? (
        <p class="muted">Not known while the service does not answer.</p>
      ) : job ? (
        <>
          <p>
            <strong>{job.status}</strong> — {describe(job)}, started {formatTime(job.startedAt)}
          </p>
          <ProgressBar value={job.progress} label="Progress of the running job" />
          <JobCounts counts={job.counts} />
        </>
      ) : finished ? (
        <>
          <p>
            No job is running. The last one, {describe(finished)}, ended <strong>{finished.status}</strong>
            {finished.endedAt && ` at ${formatTime(finished.endedAt)}`}
            {finished.error && `: ${finished.error}`}.
          </p>
          <JobCounts counts={finished.counts} />
        </>
      ) : (
        <p class="muted">No job is running.</p>
      )}
    </section>
  );
}
