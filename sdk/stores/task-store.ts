import { changes, type Database } from '../state/sqlite';
import { ListFilter, listPage, type ListQuery, type PageOf } from './paged-list';

export interface TaskRecord {
  id: number;
  name: string;
  kind: string;
  requestId?: string;
  status: string;
  startedAt?: string;
  endedAt?: string;
  durationMs?: number;
  result?: string;
}

export interface TaskListQuery extends ListQuery {
  kind?: string[];
  status?: string[];
  requestId?: string;
}

export const TASKS_SCHEMA = `
CREATE TABLE IF NOT EXISTS tasks (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  request_id TEXT,
  name TEXT NOT NULL,
  kind TEXT NOT NULL,
  status TEXT NOT NULL,
  started_at TEXT,
  ended_at TEXT,
  duration_ms INTEGER,
  result TEXT
);
CREATE INDEX IF NOT EXISTS tasks_request_id ON tasks (request_id);
`;

interface TaskRow {
  id: number;
  request_id: string | null;
  name: string;
  kind: string;
  status: string;
  started_at: string | null;
  ended_at: string | null;
  duration_ms: number | null;
  result: string | null;
}

function toRecord(row: TaskRow): TaskRecord {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind,
    ...(row.request_id ? { requestId: row.request_id } : {}),
    status: row.status,
    ...(row.started_at ? { startedAt: row.started_at } : {}),
    ...(row.ended_at ? { endedAt: row.ended_at } : {}),
    ...(row.duration_ms !== null ? { durationMs: row.duration_ms } : {}),
    ...(row.result ? { result: row.result } : {}),
  };
}

/**
 * Tasks in SQLite: the units a job is broken into and the service's housekeeping runs.
 * @example const id = tasks.start({ name: 'Download query 1', kind: 'download', requestId }); tasks.finish(id, 'Completed', '1200 indicators')
 */
export class TaskStore {
  constructor(private readonly db: Database) {}

  start(task: { name: string; kind: string; requestId?: string; status?: string }, now = new Date()): number {
    const info = this.db
      .prepare('INSERT INTO tasks (request_id, name, kind, status, started_at) VALUES (?, ?, ?, ?, ?)')
      .run(task.requestId ?? null, task.name, task.kind, task.status ?? 'Running', now.toISOString());
    return Number(info.lastInsertRowid);
  }

  /** Records a task's end; the duration is computed from its start. */
  finish(id: number, status: string, result?: string, now = new Date()): void {
    const row = this.db.prepare('SELECT started_at FROM tasks WHERE id = ?').get(id) as { started_at: string | null } | undefined;
    const duration = row?.started_at ? Math.max(0, now.getTime() - Date.parse(row.started_at)) : null;
    this.db
      .prepare('UPDATE tasks SET status = ?, ended_at = ?, duration_ms = ?, result = ? WHERE id = ?')
      .run(status, now.toISOString(), duration, result ?? null, id);
  }

  /** Updates the short result of a running task (e.g. progress counts). */
  note(id: number, result: string): void {
    this.db.prepare('UPDATE tasks SET result = ? WHERE id = ?').run(result, id);
  }

  get(id: number): TaskRecord | undefined {
    const row = this.db.prepare('SELECT * FROM tasks WHERE id = ?').get(id) as unknown as TaskRow | undefined;
    return row ? toRecord(row) : undefined;
  }

  forJob(requestId: string): TaskRecord[] {
    return (this.db.prepare('SELECT * FROM tasks WHERE request_id = ? ORDER BY id').all(requestId) as unknown as TaskRow[]).map(toRecord);
  }

  /** Marks tasks left Running by a crash or shutdown as Interrupted. */
  interruptRunning(now = new Date()): number {
    return changes(this.db.prepare("UPDATE tasks SET status = 'Interrupted', ended_at = ? WHERE status = 'Running'").run(now.toISOString()));
  }

  list(query: TaskListQuery): PageOf<TaskRecord> {
    return listPage(
      this.db,
      'tasks',
      new ListFilter().anyOf('kind', query.kind).anyOf('status', query.status).contains('request_id', query.requestId),
      'id DESC',
      query,
      toRecord,
    );
  }

  /** Deletes finished tasks that started before `before` (ISO), and every task of the given jobs. */
  deleteBefore(before: string, requestIds: string[] = []): number {
    let n = changes(this.db.prepare("DELETE FROM tasks WHERE status != 'Running' AND started_at < ?").run(before));
    const del = this.db.prepare('DELETE FROM tasks WHERE request_id = ?');
    for (const id of requestIds) n += changes(del.run(id));
    return n;
  }
}
