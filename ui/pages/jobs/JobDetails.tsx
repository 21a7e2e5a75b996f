import type { ApiClient } from '../../api/api-client';
import { LoadState } from '../../components/LoadState';
import { useRemote } from '../../stores/use-remote';
import { TasksTable } from '../tasks/TasksTable';
import { useState } from 'preact/hooks';
import { HeldRevocations } from './HeldRevocations';
import { JobCounts } from './JobCounts';

export interface JobDetailsProps {
  api: ApiClient;
  requestId: string;
  /** Changes while a job runs, so the details follow it. */
  refreshKey: number;
  /** Called when a decision on held revocations changed the job. */
  onChanged(): void;
}

/** One job in full: its counts, its failure if any, revocations it held back, and its tasks, with links to its tasks and errors. */
export function JobDetails({ api, requestId, refreshKey, onChanged }: JobDetailsProps) {
  const [decided, setDecided] = useState(0);
  const job = useRemote((signal) => api.getJob(requestId, signal), [requestId], refreshKey + decided);
  const query = `?requestId=${encodeURIComponent(requestId)}`;
  return (
    <div class="job-details" data-testid="job-details">
      <LoadState remote={job} what="the job" isEmpty={() => false} empty="">
        {(j) => (
          <>
            {j.error && <p class="inline-error">Failed: {j.error}</p>}
            <HeldRevocations
              api={api}
              job={j}
              onDecided={() => {
                setDecided((n) => n + 1);
                onChanged();
              }}
            />
            <JobCounts counts={j.counts} />
            <h3>Tasks</h3>
            {j.tasks.length === 0 ? <p class="muted">No tasks yet.</p> : <TasksTable tasks={j.tasks} showJob={false} caption={`Tasks of job ${requestId}`} />}
            <p>
              <a href={`#/tasks${query}`}>All tasks of this job</a> · <a href={`#/reports${query}`}>Errors of this job</a>
            </p>
          </>
        )}
      </LoadState>
    </div>
  );
}
