import { Fragment } from 'preact';
import { useState } from 'preact/hooks';
import type { Job } from '../../../app/export/types';
import type { ApiClient } from '../../api/api-client';
import { formatTime } from '../../components/format';
import { jobTypeLabel, modeLabel } from '../../components/labels';
import { JobDetails } from './JobDetails';
import { TableScroll } from '../../components/TableScroll';

export interface JobsTableProps {
  api: ApiClient;
  jobs: Job[];
  refreshKey: number;
  /** Called when a decision on held revocations changed a job. */
  onChanged(): void;
}

const COLUMNS = 9;

/** Jobs, newest first; a row's request ID opens its details and tasks below it. */
export function JobsTable({ api, jobs, refreshKey, onChanged }: JobsTableProps) {
  const [open, setOpen] = useState<string>();
  return (
    <TableScroll label="Jobs table">
      <table class="data-table" data-testid="jobs-table">
        <caption class="visually-hidden">Jobs, newest first</caption>
        <thead>
          <tr>
            <th scope="col">Request ID</th>
            <th scope="col">Type</th>
            <th scope="col">Mode</th>
            <th scope="col">Status</th>
            <th scope="col">Started</th>
            <th scope="col">Ended</th>
            <th scope="col">Downloaded</th>
            <th scope="col">Uploaded</th>
            <th scope="col">Errors</th>
          </tr>
        </thead>
        <tbody>
          {jobs.map((j) => {
            const expanded = open === j.requestId;
            return (
              <Fragment key={j.requestId}>
                <tr data-testid="job-row" data-request-id={j.requestId}>
                  <th scope="row">
                    <button
                      type="button"
                      class="link-button mono"
                      aria-expanded={expanded}
                      aria-label={`${expanded ? 'Hide' : 'Show'} details of job ${j.requestId}`}
                      onClick={() => setOpen(expanded ? undefined : j.requestId)}
                    >
                      {expanded ? '▾' : '▸'} {j.requestId}
                    </button>
                  </th>
                  <td class="nowrap">{jobTypeLabel(j.type)}</td>
                  <td>{modeLabel(j.mode)}</td>
                  <td>
                    <span class={`status status-${j.status.split(' ').pop()?.toLowerCase()}`} title={j.error}>
                      {j.status}
                    </span>
                    {j.held?.state === 'held' && (
                      <span class="badge-held" data-testid="held-badge">
                        {' '}
                        · {j.held.count.toLocaleString()} revocations held
                      </span>
                    )}
                  </td>
                  <td class="nowrap">{formatTime(j.startedAt)}</td>
                  <td class="nowrap">{formatTime(j.endedAt)}</td>
                  <td class="num">{j.counts.downloaded.toLocaleString()}</td>
                  <td class="num">{j.counts.uploaded.toLocaleString()}</td>
                  <td class="num">{(j.counts.convertErrors + j.counts.rejected).toLocaleString()}</td>
                </tr>
                {expanded && (
                  <tr class="details-row">
                    <td colSpan={COLUMNS}>
                      <JobDetails api={api} requestId={j.requestId} refreshKey={refreshKey} onChanged={onChanged} />
                    </td>
                  </tr>
                )}
              </Fragment>
            );
          })}
        </tbody>
      </table>
    </TableScroll>
  );
}
