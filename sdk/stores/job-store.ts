import type { Database, SqlValue, Statement } from '../state/sqlite';

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

export interface ListQuery {
  page?: number;
  pageSize?: number;
}

export interface JobListQuery extends ListQuery {
  type?: string;
  status?: string[];
  requestId?: string;
}

export interface PageOf<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
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

/** Escapes LIKE wildcards so a request-ID filter matches literally. */
export function likeContains(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** Clamps paging parameters to sane bounds. */
export function pageBounds(query: ListQuery, maxPageSize = 100): { page: number; pageSize: number; offset: number } {
  const page = Math.max(1, Math.floor(query.page ?? 1));
  const pageSize = Math.min(maxPageSize, Math.max(1, Math.floor(query.pageSize ?? 20)));
  return { page, pageSize, offset: (page - 1) * pageSize };
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
    patch: Partial<Pick<JobRecord<TCounts, TCheckpoint>, 'status' | 'endedAt' | 'error' | 'counts' | 'progress' | 'finished' | 'checkpoint'>>,
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
  latest(where: 'finished = 1' | "finished = 1 AND error IS NULL" | 'type = \'scheduled\''): JobRecord<TCounts, TCheckpoint> | undefined {
    const row = this.db.prepare(`SELECT * FROM jobs WHERE ${where} ORDER BY started_at DESC LIMIT 1`).get() as unknown as JobRow | undefined;
    return row ? toRecord<TCounts, TCheckpoint>(row) : undefined;
  }

  list(query: JobListQuery): PageOf<JobRecord<TCounts, TCheckpoint>> {
    const where: string[] = [];
    const values: SqlValue[] = [];
    if (query.type) {
      where.push('type = ?');
      values.push(query.type);
    }
    if (query.status && query.status.length > 0) {
      where.push(`status IN (${query.status.map(() => '?').join(', ')})`);
      values.push(...query.status);
    }
    if (query.requestId) {
      where.push("request_id LIKE ? ESCAPE '\\'");
      values.push(likeContains(query.requestId.toLowerCase()));
    }
    const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const { page, pageSize, offset } = pageBounds(query);
    const total = (this.db.prepare(`SELECT COUNT(*) AS n FROM jobs ${clause}`).get(...values) as { n: number }).n;
    const rows = this.db
      .prepare(`SELECT * FROM jobs ${clause} ORDER BY started_at DESC, rowid DESC LIMIT ? OFFSET ?`)
      .all(...values, pageSize, offset) as unknown as JobRow[];
    return { items: rows.map((r) => toRecord<TCounts, TCheckpoint>(r)), total, page, pageSize };
  }

  /** Deletes finished jobs that started before `before` (ISO); returns their request IDs. */
  deleteFinishedBefore(before: string): string[] {
    const ids = (
      this.db.prepare('SELECT request_id FROM jobs WHERE finished = 1 AND started_at < ?').all(before) as Array<{ request_id: string }>
    ).map((r) => r.request_id);
    this.db.prepare('DELETE FROM jobs WHERE finished = 1 AND started_at < ?').run(before);
    return ids;
  }
}
