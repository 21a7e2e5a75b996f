import { useId, useState } from 'preact/hooks';
import { JOB_STATUSES, JOB_TYPES, type JobStatus, type JobType } from '../../../app/export/types';
import type { ApiClient } from '../../api/api-client';
import { CheckboxGroup } from '../../components/CheckboxGroup';
import { jobTypeLabel } from '../../components/labels';
import { LoadState } from '../../components/LoadState';
import { NextRun } from '../../components/NextRun';
import { Pager } from '../../components/Pager';
import { RefreshButton } from '../../components/RefreshButton';
import { RequestIdFilter } from '../../components/RequestIdFilter';
import { RunNow } from '../../components/RunNow';
import type { Health } from '../../stores/use-health';
import { useRemote } from '../../stores/use-remote';
import { useListFilter } from '../../stores/use-list-filter';
import { RUNNING_STATUSES, useRunningJob } from '../../stores/use-running-job';
import { HoldingsChart } from './HoldingsChart';
import { JobsTable } from './JobsTable';
import { RunningJobPanel } from './RunningJobPanel';
import { UploadChart } from './UploadChart';

export interface JobsPageProps {
  api: ApiClient;
  /** Filters given in the address (`#/jobs?requestId=…`). */
  params: URLSearchParams;
  health: Health;
}

const PAGE_SIZE = 20;
const CHART_JOBS = 12;
const FILTERS = { type: { options: JOB_TYPES }, status: { many: true, options: JOB_STATUSES }, requestId: {} } as const;

/** JOBS: the running job live, the jobs table with its filters and pages, and Run now. */
export function JobsPage({ api, params, health }: JobsPageProps) {
  const list = useListFilter(params, FILTERS);
  const { requestId } = list.values;
  const type = list.values.type as JobType | '';
  const status = list.values.status as JobStatus[];
  // Watched afresh when the service answers again after it had stopped.
  const running = useRunningJob(api, health.reconnects);
  // Bumped by a decision on held revocations: the lists reload even when no job starts.
  const [changed, setChanged] = useState(0);
  const onChanged = () => {
    setChanged((n) => n + 1);
    running.poke();
  };
  const refreshKey = running.tick + changed + health.reconnects + list.refreshKey;
  const typeId = useId();
  const filter = { type: type || undefined, status, requestId, page: list.page, pageSize: PAGE_SIZE };
  const jobs = useRemote((signal) => api.listJobs(filter, signal), [filter], refreshKey);
  const recent = useRemote((signal) => api.listJobs({ pageSize: CHART_JOBS }, signal), [], refreshKey);
  // The next run's mode: a full update that succeeds turns it to delta, so it is read again with the lists.
  const config = useRemote((signal) => api.getConfig(signal), [], refreshKey);
  // The watcher here sees a job end first; health may still name it for a beat.
  const runningId = running.job?.requestId ?? (health.runningJob !== running.finished?.requestId ? health.runningJob : undefined);
  // After a reload nothing has been seen to end: the newest job, once finished, is the last one.
  const newest = recent.data?.items[0];
  const last = running.finished ?? (newest && !RUNNING_STATUSES.includes(newest.status) ? newest : undefined);

  return (
    <section aria-labelledby="jobs-title" data-testid="jobs-page">
      <header class="page-header">
        <h1 id="jobs-title">Jobs</h1>
        <RunNow
          api={api}
          nextMode={config.data?.nextUpdate}
          running={runningId}
          onStarted={() => {
            running.poke();
            health.poke();
          }}
        />
      </header>
      <NextRun at={health.nextRunAt} mode={config.data?.nextUpdate} />
      <RunningJobPanel running={{ ...running, finished: last }} connected={health.connected} />
      {recent.data?.items
        .filter((j) => j.held?.state === 'held')
        .map((j) => (
          <p key={j.requestId} class="banner banner-warn" role="status" data-testid="held-banner">
            Job <span class="mono">{j.requestId}</span> held back {j.held!.count.toLocaleString()} revocations, and sent none of them. Open the job below to
            revoke or discard them.
          </p>
        ))}
      <div class="charts">
        {recent.data && <UploadChart jobs={recent.data.items} />}
        <HoldingsChart api={api} refreshKey={refreshKey} />
      </div>
      <form class="filters" aria-label="Filter jobs" onSubmit={(e) => e.preventDefault()}>
        <div class="field">
          <label for={typeId}>Job Type</label>
          <select id={typeId} value={type} onChange={(e) => list.set({ type: e.currentTarget.value })} data-testid="type-filter">
            <option value="">All</option>
            {JOB_TYPES.map((t) => (
              <option key={t} value={t}>
                {jobTypeLabel(t)}
              </option>
            ))}
          </select>
        </div>
        <CheckboxGroup legend="Status" options={JOB_STATUSES} selected={status} onChange={(v) => list.set({ status: v })} testId="status-filter" inline />
        <RequestIdFilter value={requestId} onChange={(v) => list.set({ requestId: v })} />
        <RefreshButton onClick={list.refresh} />
      </form>
      <LoadState remote={jobs} what="jobs" isEmpty={(p) => p.items.length === 0} empty="No jobs match these filters.">
        {(p) => (
          <>
            <JobsTable api={api} jobs={p.items} refreshKey={refreshKey} onChanged={onChanged} />
            <Pager page={p.page} pageSize={p.pageSize} total={p.total} noun="job" onPage={list.setPage} />
          </>
        )}
      </LoadState>
    </section>
  );
}
