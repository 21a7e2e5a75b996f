import type { Task } from '../../../app/export/types';
import { formatDuration, formatTime, shortId } from '../../components/format';
import { TableScroll } from '../../components/TableScroll';

export interface TasksTableProps {
  tasks: Task[];
  /** Hide the Job column when every task is of the same job. */
  showJob?: boolean;
  caption: string;
}

/** Tasks with name, kind, job, status, start, end, duration and result. */
export function TasksTable({ tasks, showJob = true, caption }: TasksTableProps) {
  return (
    <TableScroll label={caption}>
      <table class="data-table" data-testid="tasks-table">
        <caption class="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Kind</th>
            {showJob && <th scope="col">Job</th>}
            <th scope="col">Status</th>
            <th scope="col">Start</th>
            <th scope="col">End</th>
            <th scope="col">Duration</th>
            <th scope="col">Result</th>
          </tr>
        </thead>
        <tbody>
          {tasks.map((t) => (
            <tr key={t.id} data-testid="task-row">
              <th scope="row">{t.name}</th>
              <td>{t.kind}</td>
              {showJob && <td title={t.requestId}>{t.requestId ? shortId(t.requestId) : '—'}</td>}
              <td>
                <span class={`status status-${t.status.toLowerCase()}`}>{t.status}</span>
              </td>
              <td class="nowrap">{formatTime(t.startedAt)}</td>
              <td class="nowrap">{formatTime(t.endedAt)}</td>
              <td class="nowrap">{formatDuration(t.durationMs)}</td>
              <td>{t.result ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}
