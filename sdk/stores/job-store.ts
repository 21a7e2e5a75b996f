import type { Database, SqlValue, Statement } from '../state/sqlite';
import { ListFilter, listPage, type ListQuery, type PageOf } from './paged-list';

/** A job as stored; the app gives meaning to `type`, `mode`, `status`, `counts` and `checkpoint`. */
export interface JobRecord<TCounts = Record<string, number>, TCheckpoint = unknown> {
  requestId: string;
  type: string;
  mode: string;
  status: string;
  startedAt: string;
  endedAt?: string;
  error?: string;
  counts: TCounts;
  progress: number;
  /** False while the job runs or was interrupted; true once it completed or failed. */
  finished: boolean;
  checkpoint?: TCheckpoint;
}

export interface JobListQuery extends ListQuery {
  type?: string;
  status?: string[];
  requestId?: string;
}

export const JOBS_SCHEMA = `
CREATE TABLE IF NOT EXISTS jobs (
  request_id TEXT PRIMARY KEY,
  type TEXT NOT NULL,
  mode TEXT NOT NULL,
  status TEXT NOT NULL,
  started_at TEXT NOT NULL,
  ended_at TEXT,
  error TEXT,
  counts TEXT NOT NULL,
  progress REAL NOT NULL DEFAULT 0,
  finished INTEGER NOT NULL DEFAULT 0,
  checkpoint TEXT
);
CREATE INDEX IF NOT EXISTS jobs_started_at ON jobs (started_at);
`;

interface JobRow {
  request_id: string;
  type: string;
  mode: string;
  status: string;
  started_at: string;
  ended_at: string | null;
  error: string | null;
  counts: string;
  progress: number;
  finished: number;
  checkpoint: string | null;
}

function toRecord<TCounts, TCheckpoint>(row: JobRow): JobRecord<TCounts, TCheckpoint> {
  return {
    requestId: row.request_id,
    type: row.type,
    mode: row.mode,
    status: row.status,
    startedAt: row.started_at,
    ...(row.ended_at ? { endedAt: row.ended_at } : {}),
    ...(row.error ? { error: row.error } : {}),
    counts: JSON.parse(row.counts) as TCounts,
    progress: row.progress,
    finished: row.finished === 1,
    ...(row.checkpoint ? { checkpoint: JSON.parse(row.checkpoint) as TCheckpoint } : {}),
  };
}

/**
 * Jobs in SQLite: create, update (status, counts, progress, checkpoint), list newest first with filters.
 * @example const jobs = new JobStore(db); jobs.create({ requestId, type: 'ad-hoc', mode: 'full', status: 'Download In Progress', counts })
 */
export class JobStore<TCounts extends object = Record<string, number>, TCheckpoint = unknown> {
  /** Prepared updates by the columns they set (a running job updates its counts many times a second). */
  readonly #updates = new Map<string, Statement>();

  constructor(private readonly db: Database) {}

  create(job: Omit<JobRecord<TCounts, TCheckpoint>, 'finished' | 'progress'> & { progress?: number }): JobRecord<TCounts, TCheckpoint> {
    this.db
      .prepare(
        `INSERT INTO jobs (request_id, type, mode, status, started_at, counts, progress, finished, checkpoint)
         VALUES (?, ?, ?, ?, ?, ?, ?, 0, ?)`,
      )
      .run(
        job.requestId,
        job.type,
        job.mode,
        job.status,
        job.startedAt,
        JSON.stringify(job.counts),
        job.progress ?? 0,
        job.checkpoint === undefined ? null : JSON.stringify(job.checkpoint),
      );
    return this.get(job.requestId)!;
  }

  get(requestId: string): JobRecord<TCounts, TCheckpoint> | undefined {
    const row = this.db.prepare('SELECT * FROM jobs WHERE request_id = ?').get(requestId) as unknown as JobRow | undefined;
    return row ? toRecord<TCounts, TCheckpoint>(row) : undefined;
  }

  update(
    requestId: string,
    patch: Partial<Pick<JobRecord<TCounts, TCheckpoint>, 'status' | 'error' | 'counts' | 'progress' | 'finished' | 'checkpoint'>> & {
      /** When it ended; null: it runs again (reopened), so it has no end yet. */
      endedAt?: string | null;
    },
  ): void {
    const sets: string[] = [];
    const values: SqlValue[] = [];
    const set = (column: string, value: SqlValue) => {
      sets.push(`${column} = ?`);
      values.push(value);
    };
    if (patch.status !== undefined) set('status', patch.status);
    if (patch.endedAt !== undefined) set('ended_at', patch.endedAt);
    if (patch.error !== undefined) set('error', patch.error);
    if (patch.counts !== undefined) set('counts', JSON.stringify(patch.counts));
    if (patch.progress !== undefined) set('progress', Math.min(1, Math.max(0, patch.progress)));
    if (patch.finished !== undefined) set('finished', patch.finished ? 1 : 0);
    if (patch.checkpoint !== undefined) set('checkpoint', JSON.stringify(patch.checkpoint));
    if (sets.length === 0) return;
    const sql = `UPDATE jobs SET ${sets.join(', ')} WHERE request_id = ?`;
    let statement = this.#updates.get(sql);
    if (!statement) this.#updates.set(sql, (statement = this.db.prepare(sql)));
    statement.run(...values, requestId);
  }

  /** Jobs not finished: running, or interrupted by a crash or shutdown. Oldest first. */
  unfinished(): JobRecord<TCounts, TCheckpoint>[] {
    const rows = this.db.prepare('SELECT * FROM jobs WHERE finished = 0 ORDER BY started_at').all() as unknown as JobRow[];
    return rows.map((r) => toRecord<TCounts, TCheckpoint>(r));
  }

  /** The most recent job matching `where` (a fixed SQL condition chosen by the caller, not user input). */
  latest(where: 'finished = 1' | 'finished = 1 AND error IS NULL' | "type = 'scheduled'"): JobRecord<TCounts, TCheckpoint> | undefined {
    const row = this.db.prepare(`SELECT * FROM jobs WHERE ${where} ORDER BY started_at DESC LIMIT 1`).get() as unknown as JobRow | undefined;
    return row ? toRecord<TCounts, TCheckpoint>(row) : undefined;
  }

  list(query: JobListQuery): PageOf<JobRecord<TCounts, TCheckpoint>> {
    const filter = new ListFilter().equals('type', query.type).anyOf('status', query.status).contains('request_id', query.requestId?.toLowerCase());
    return listPage(this.db, 'jobs', filter, 'started_at DESC, rowid DESC', query, (row: JobRow) => toRecord<TCounts, TCheckpoint>(row));
  }

  /** Deletes finished jobs that started before `before` (ISO); returns their request IDs. */
  deleteFinishedBefore(before: string): string[] {
    const ids = (this.db.prepare('SELECT request_id FROM jobs WHERE finished = 1 AND started_at < ?').all(before) as Array<{ request_id: string }>).map(
      (r) => r.request_id,
    );
    this.db.prepare('DELETE FROM jobs WHERE finished = 1 AND started_at < ?').run(before);
    return ids;
  }
}
