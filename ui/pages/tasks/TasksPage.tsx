import { useState } from 'preact/hooks';
import { TASK_KINDS, TASK_STATUSES, type TaskKind, type TaskStatus } from '../../../app/export/types';
import type { ApiClient } from '../../api/api-client';
import { CheckboxGroup } from '../../components/CheckboxGroup';
import { LoadState } from '../../components/LoadState';
import { Pager } from '../../components/Pager';
import { RequestIdFilter } from '../../components/RequestIdFilter';
import { useRemote } from '../../stores/use-remote';
import { useRunningJob } from '../../stores/use-running-job';
import { TasksTable } from './TasksTable';

export interface TasksPageProps {
  api: ApiClient;
  params: URLSearchParams;
  /** Bumped when the service answers again after it had stopped: the tasks load again. */
  reconnects: number;
}

const PAGE_SIZE = 20;

/** TASKS: every task of the jobs and of the service's housekeeping, filtered by kind, status and request ID. */
export function TasksPage({ api, params, reconnects }: TasksPageProps) {
  const [kind, setKind] = useState<TaskKind[]>([]);
  const [status, setStatus] = useState<TaskStatus[]>([]);
  const [requestId, setRequestId] = useState(params.get('requestId') ?? '');
  const [page, setPage] = useState(1);
  const running = useRunningJob(api, reconnects);
  const filter = { kind, status, requestId, page, pageSize: PAGE_SIZE };
  const tasks = useRemote((signal) => api.listTasks(filter, signal), [filter], running.tick + reconnects);
  const refilter = <T,>(set: (v: T) => void) => (v: T) => {
    set(v);
    setPage(1);
  };

  return (
    <section aria-labelledby="tasks-title" data-testid="tasks-page">
      <header class="page-header">
        <h1 id="tasks-title">Tasks</h1>
      </header>
      <form class="filters" aria-label="Filter tasks" onSubmit={(e) => e.preventDefault()}>
        <CheckboxGroup legend="Kind" options={TASK_KINDS} selected={kind} onChange={refilter((v: string[]) => setKind(v as TaskKind[]))} testId="kind-filter" inline />
        <CheckboxGroup legend="Status" options={TASK_STATUSES} selected={status} onChange={refilter((v: string[]) => setStatus(v as TaskStatus[]))} testId="status-filter" inline />
        <RequestIdFilter value={requestId} onChange={refilter(setRequestId)} />
      </form>
      <LoadState remote={tasks} what="tasks" isEmpty={(p) => p.items.length === 0} empty="No tasks match these filters.">
        {(p) => (
          <>
            <TasksTable tasks={p.items} caption="Tasks, newest first" />
            <Pager page={p.page} pageSize={p.pageSize} total={p.total} noun="task" onPage={setPage} />
          </>
        )}
      </LoadState>
    </section>
  );
}
