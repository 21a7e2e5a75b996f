import type { Database, SqlValue } from '../state/sqlite';

export interface ListQuery {
  page?: number;
  pageSize?: number;
}

/** One page of a list: its items, how many there are in all, and where the page is. */
export interface PageOf<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
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
 * The WHERE clause of a filtered list: each condition is skipped when its filter is not given. Column names come
 * from the code, never from a request; values are bound.
 */
export class ListFilter {
  readonly #clauses: string[] = [];
  readonly values: SqlValue[] = [];

  /** `column = value`. */
  equals(column: string, value: string | undefined): this {
    if (value) this.#add(`${column} = ?`, value);
    return this;
  }

  /** `column IN (…values)`. */
  anyOf(column: string, values: readonly string[] | undefined): this {
    if (values && values.length > 0) this.#add(`${column} IN (${values.map(() => '?').join(', ')})`, ...values);
    return this;
  }

  /** `column` contains `text`, wildcards taken literally. */
  contains(column: string, text: string | undefined): this {
    if (text) this.#add(`${column} LIKE ? ESCAPE '\\'`, likeContains(text));
    return this;
  }

  get sql(): string {
    return this.#clauses.length ? `WHERE ${this.#clauses.join(' AND ')}` : '';
  }

  #add(clause: string, ...values: SqlValue[]): void {
    this.#clauses.push(clause);
    this.values.push(...values);
  }
}

/**
 * One page of `table`'s rows that pass `filter`, in `orderBy` order, with the total, each row made an item.
 * @example listPage(db, 'tasks', new ListFilter().anyOf('kind', q.kind), 'id DESC', q, toRecord)
 */
export function listPage<Row, T>(db: Database, table: string, filter: ListFilter, orderBy: string, query: ListQuery, toItem: (row: Row) => T): PageOf<T> {
  const { page, pageSize, offset } = pageBounds(query);
  const total = (db.prepare(`SELECT COUNT(*) AS n FROM ${table} ${filter.sql}`).get(...filter.values) as { n: number }).n;
  const rows = db
    .prepare(`SELECT * FROM ${table} ${filter.sql} ORDER BY ${orderBy} LIMIT ? OFFSET ?`)
    .all(...filter.values, pageSize, offset) as unknown as Row[];
  return { items: rows.map(toItem), total, page, pageSize };
}
