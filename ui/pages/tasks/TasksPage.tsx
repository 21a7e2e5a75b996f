import { TASK_KINDS, TASK_STATUSES, type TaskKind, type TaskStatus } from '../../../app/export/types';
import type { ApiClient } from '../../api/api-client';
import { CheckboxGroup } from '../../components/CheckboxGroup';
import { LoadState } from '../../components/LoadState';
import { Pager } from '../../components/Pager';
import { RefreshButton } from '../../components/RefreshButton';
import { RequestIdFilter } from '../../components/RequestIdFilter';
import { useListFilter } from '../../stores/use-list-filter';
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
const FILTERS = { kind: { many: true, options: TASK_KINDS }, status: { many: true, options: TASK_STATUSES }, requestId: {} } as const;

/** TASKS: every task of the jobs and of the service's housekeeping, filtered by kind, status and request ID. */
export function TasksPage({ api, params, reconnects }: TasksPageProps) {
  const list = useListFilter(params, FILTERS);
  const kind = list.values.kind as TaskKind[];
  const status = list.values.status as TaskStatus[];
  const running = useRunningJob(api, reconnects);
  const filter = { kind, status, requestId: list.values.requestId, page: list.page, pageSize: PAGE_SIZE };
  const tasks = useRemote((signal) => api.listTasks(filter, signal), [filter], running.tick + reconnects + list.refreshKey);

  return (
    <section aria-labelledby="tasks-title" data-testid="tasks-page">
      <header class="page-header">
        <h1 id="tasks-title">Tasks</h1>
      </header>
      <form class="filters" aria-label="Filter tasks" onSubmit={(e) => e.preventDefault()}>
        <CheckboxGroup legend="Kind" options={TASK_KINDS} selected={kind} onChange={(v) => list.set({ kind: v })} testId="kind-filter" inline />
        <CheckboxGroup legend="Status" options={TASK_STATUSES} selected={status} onChange={(v) => list.set({ status: v })} testId="status-filter" inline />
        <RequestIdFilter value={list.values.requestId} onChange={(v) => list.set({ requestId: v })} />
        <RefreshButton onClick={list.refresh} />
      </form>
      <LoadState remote={tasks} what="tasks" isEmpty={(p) => p.items.length === 0} empty="No tasks match these filters.">
        {(p) => (
          <>
            <TasksTable tasks={p.items} caption="Tasks, newest first" />
            <Pager page={p.page} pageSize={p.pageSize} total={p.total} noun="task" onPage={list.setPage} />
          </>
        )}
      </LoadState>
    </section>
  );
}
