import { changes, type Database } from '../state/sqlite';
import { ListFilter, listPage, pageBounds, type ListQuery, type PageOf } from './paged-list';

export interface ErrorEntry {
  id: number;
  time: string;
  requestId: string;
  step: string;
  message: string;
  raw?: unknown;
  /** What produced it, in the App's words (a query configuration, say), where the store keeps it. */
  origin?: string;
}

/** Identical errors (same step, message and raw contents' `id`, or raw contents) merged: how often, where, when. */
export interface ErrorGroup extends ErrorEntry {
  /** How many errors the group merges. */
  count: number;
  /** The jobs they came from, newest first. */
  requestIds: string[];
  /** What produced them (the `origin`s), when the store keeps it. */
  origins: string[];
  /** When the first of them was recorded (`time` is the latest). */
  firstTime: string;
}

export interface ErrorListQuery extends ListQuery {
  requestId?: string;
  step?: string[];
}

/** Adds the `origin` column to an errors table made by ERRORS_SCHEMA (an App's migration runs it once). */
export const ERRORS_ORIGIN_MIGRATION = 'ALTER TABLE errors ADD COLUMN origin TEXT;';

export const ERRORS_SCHEMA = `
CREATE TABLE IF NOT EXISTS errors (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  time TEXT NOT NULL,
  request_id TEXT NOT NULL,
  step TEXT NOT NULL,
  message TEXT NOT NULL,
  raw TEXT
);
CREATE INDEX IF NOT EXISTS errors_request_id ON errors (request_id);
`;

interface ErrorRow {
  id: number;
  time: string;
  request_id: string;
  step: string;
  message: string;
  raw: string | null;
  origin?: string | null;
}

/** Longest raw excerpt kept per error, so one huge indicator or response cannot bloat the store. */
export const MAX_RAW_CHARS = 20_000;

function toEntry(row: ErrorRow): ErrorEntry {
  let raw: unknown;
  if (row.raw !== null) {
    try {
      raw = JSON.parse(row.raw);
    } catch {
      raw = row.raw;
    }
  }
  return {
    id: row.id,
    time: row.time,
    requestId: row.request_id,
    step: row.step,
    message: row.message,
    ...(raw !== undefined ? { raw } : {}),
    ...(row.origin ? { origin: row.origin } : {}),
  };
}

function serializeRaw(raw: unknown): string | null {
  if (raw === undefined) return null;
  const text = JSON.stringify(raw) ?? null;
  if (text === null || text.length <= MAX_RAW_CHARS) return text;
  return JSON.stringify(`${text.slice(0, MAX_RAW_CHARS)}… (${text.length - MAX_RAW_CHARS} more characters)`);
}

/**
 * Errors of jobs (the REPORTS screen) in SQLite.
 * @example errors.add({ requestId, step: 'convert', message: 'bad IP', raw: indicator })
 */
export class ErrorStore {
  readonly #insert;
  /** Whether the table has the `origin` column (ERRORS_ORIGIN_MIGRATION). */
  readonly #origins: boolean;

  constructor(private readonly db: Database) {
    this.#origins = (db.prepare('PRAGMA table_info(errors)').all() as Array<{ name: string }>).some((c) => c.name === 'origin');
    this.#insert = this.#origins
      ? db.prepare('INSERT INTO errors (time, request_id, step, message, raw, origin) VALUES (?, ?, ?, ?, ?, ?)')
      : db.prepare('INSERT INTO errors (time, request_id, step, message, raw) VALUES (?, ?, ?, ?, ?)');
  }

  add(entry: { requestId: string; step: string; message: string; raw?: unknown; origin?: string }, now = new Date()): void {
    const values = [now.toISOString(), entry.requestId, entry.step, entry.message, serializeRaw(entry.raw)];
    this.#insert.run(...values, ...(this.#origins ? [entry.origin ?? null] : []));
  }

  /**
   * Identical errors merged, newest group first: the same step and message about the same thing (the raw
   * contents' `id`, else the raw contents themselves), with how many, from which jobs and origins, first and last.
   */
  listGrouped(query: ErrorListQuery): PageOf<ErrorGroup> {
    const filter = new ListFilter().contains('request_id', query.requestId).anyOf('step', query.step);
    const key = "step, message, COALESCE(CAST(json_extract(CASE WHEN json_valid(raw) THEN raw END, '$.id') AS TEXT), raw, '')";
    const { page, pageSize, offset } = pageBounds(query);
    const total = (this.db.prepare(`SELECT COUNT(*) AS n FROM (SELECT 1 FROM errors ${filter.sql} GROUP BY ${key})`).get(...filter.values) as { n: number }).n;
    const origin = this.#origins ? 'group_concat(DISTINCT origin)' : 'NULL';
    const rows = this.db
      .prepare(
        `SELECT MAX(id) AS last_id, COUNT(*) AS count, MIN(time) AS first_time, group_concat(DISTINCT request_id) AS request_ids, ${origin} AS origins
         FROM errors ${filter.sql} GROUP BY ${key} ORDER BY last_id DESC LIMIT ? OFFSET ?`,
      )
      .all(...filter.values, pageSize, offset) as Array<{ last_id: number; count: number; first_time: string; request_ids: string; origins: string | null }>;
    const latest = this.db.prepare('SELECT * FROM errors WHERE id = ?');
    const items = rows.map((r) => {
      const entry = toEntry(latest.get(r.last_id) as unknown as ErrorRow);
      const requestIds = [...new Set(r.request_ids.split(','))];
      return {
        ...entry,
        count: r.count,
        firstTime: r.first_time,
        requestIds: [entry.requestId, ...requestIds.filter((id) => id !== entry.requestId)],
        origins: r.origins ? [...new Set(r.origins.split(','))] : [],
      };
    });
    return { items, total, page, pageSize };
  }

  /**
   * The newest errors whose raw contents hold one of `values` at `path` (a JSON path the App chooses, like `$.id`),
   * for any of the conditions given.
   */
  withRawValues(conditions: ReadonlyArray<{ path: string; values: ReadonlyArray<string | number> }>, limit: number): ErrorEntry[] {
    const used = conditions.filter((c) => c.values.length > 0);
    if (used.length === 0) return [];
    const clauses = used.map((c) => `json_extract(raw, ?) IN (${c.values.map(() => '?').join(', ')})`);
    const values = used.flatMap((c) => [c.path, ...c.values]);
    const sql = `SELECT * FROM errors WHERE json_valid(raw) AND (${clauses.join(' OR ')}) ORDER BY id DESC LIMIT ?`;
    return (this.db.prepare(sql).all(...values, limit) as unknown as ErrorRow[]).map(toEntry);
  }

  /** Every error the filter matches, oldest first, in pages of `batch` (an export reads them all without holding them). */
  *each(query: Omit<ErrorListQuery, 'page' | 'pageSize'>, batch = 1000): Generator<ErrorEntry> {
    const filter = new ListFilter().contains('request_id', query.requestId).anyOf('step', query.step);
    const statement = this.db.prepare(`SELECT * FROM errors ${filter.sql}${filter.sql ? ' AND' : ' WHERE'} id > ? ORDER BY id LIMIT ?`);
    for (let after = 0; ;) {
      const rows = statement.all(...filter.values, after, batch) as unknown as ErrorRow[];
      for (const row of rows) yield toEntry(row);
      if (rows.length < batch) return;
      after = rows.at(-1)!.id;
    }
  }

  list(query: ErrorListQuery): PageOf<ErrorEntry> {
    return listPage(this.db, 'errors', new ListFilter().contains('request_id', query.requestId).anyOf('step', query.step), 'id DESC', query, toEntry);
  }

  countFor(requestId: string, step?: string): number {
    const sql = step ? 'SELECT COUNT(*) AS n FROM errors WHERE request_id = ? AND step = ?' : 'SELECT COUNT(*) AS n FROM errors WHERE request_id = ?';
    const args = step ? [requestId, step] : [requestId];
    return (this.db.prepare(sql).get(...args) as { n: number }).n;
  }

  /** Deletes errors recorded before `before` (ISO) and every error of the given jobs. */
  deleteBefore(before: string, requestIds: string[] = []): number {
    let n = changes(this.db.prepare('DELETE FROM errors WHERE time < ?').run(before));
    const del = this.db.prepare('DELETE FROM errors WHERE request_id = ?');
    for (const id of requestIds) n += changes(del.run(id));
    return n;
  }
}
