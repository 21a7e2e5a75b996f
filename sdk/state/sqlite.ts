import { DatabaseSync, type SQLInputValue, type StatementSync } from 'node:sqlite';

/**
 * The App's SQLite, from Node's built-in `node:sqlite` (no native addon to build or ship: the runtime the package
 * carries has it). These names are what the rest of the code uses.
 */
export type Database = DatabaseSync;
export type Statement = StatementSync;
export { DatabaseSync };
/** A value a statement's parameter takes. */
export type SqlValue = SQLInputValue;

let savepoints = 0;

/**
 * Wraps `fn` so that each call runs in one transaction: committed when it returns, rolled back when it throws.
 * A call inside another transaction runs in a savepoint of it (rolled back alone when it throws).
 * @example const save = transaction(db, (rows: Row[]) => rows.forEach((r) => insert.run(r.a, r.b))); save(rows);
 */
export function transaction<A extends unknown[], R>(db: Database, fn: (...args: A) => R): (...args: A) => R {
  return (...args: A): R => {
    if (db.isTransaction) {
      const name = `sp_${(savepoints += 1)}`;
      db.exec(`SAVEPOINT ${name}`);
      try {
        const result = fn(...args);
        db.exec(`RELEASE ${name}`);
        return result;
      } catch (err) {
        db.exec(`ROLLBACK TO ${name}`);
        db.exec(`RELEASE ${name}`);
        throw err;
      }
    }
    db.exec('BEGIN');
    try {
      const result = fn(...args);
      db.exec('COMMIT');
      return result;
    } catch (err) {
      if (db.isTransaction) db.exec('ROLLBACK');
      throw err;
    }
  };
}

/** The first column of the first row `statement` returns for `params`, or undefined when it returns none. */
export function pluck<T = unknown>(statement: Statement, ...params: SqlValue[]): T | undefined {
  const row = statement.get(...params);
  if (row === undefined) return undefined;
  for (const key in row) return row[key] as T;
  return undefined;
}

/** The first column of every row `statement` returns for `params`. */
export function pluckAll<T = unknown>(statement: Statement, ...params: SqlValue[]): T[] {
  return statement.all(...params).map((row) => {
    for (const key in row) return row[key] as T;
    return undefined as T;
  });
}

/** The rows `statement` returns for `params`, as the caller's row type. */
export function rows<T>(statement: Statement, ...params: SqlValue[]): T[] {
  return statement.all(...params) as unknown as T[];
}

/** The first row `statement` returns for `params`, as the caller's row type. */
export function row<T>(statement: Statement, ...params: SqlValue[]): T | undefined {
  return statement.get(...params) as unknown as T | undefined;
}

/** The rows a write changed, as a number. */
export function changes(result: { changes: number | bigint }): number {
  return Number(result.changes);
}
