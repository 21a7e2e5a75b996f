import { changes, type Database } from '../state/sqlite';
import { ListFilter, listPage, type ListQuery, type PageOf } from './paged-list';

export interface ErrorEntry {
  id: number;
  time: string;
  requestId: string;
  step: string;
  message: string;
  raw?: unknown;
}

export interface ErrorListQuery extends ListQuery {
  requestId?: string;
  step?: string[];
}

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
  return { id: row.id, time: row.time, requestId: row.request_id, step: row.step, message: row.message, ...(raw !== undefined ? { raw } : {}) };
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

  constructor(private readonly db: Database) {
    this.#insert = db.prepare('INSERT INTO errors (time, request_id, step, message, raw) VALUES (?, ?, ?, ?, ?)');
  }

  add(entry: { requestId: string; step: string; message: string; raw?: unknown }, now = new Date()): void {
    this.#insert.run(now.toISOString(), entry.requestId, entry.step, entry.message, serializeRaw(entry.raw));
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
