import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';

/**
 * Opens (creating it and its folder when needed) the App's SQLite state: WAL journal so HTTP reads never wait for
 * a job's writes, NORMAL sync (durable at checkpoints, safe against app crashes), foreign keys on, and a busy
 * timeout instead of immediate SQLITE_BUSY errors.
 * @example const db = openStateDb(path.join(inputs.tc_out_path, 'state.db'));
 */
export function openStateDb(file: string): Database.Database {
  if (file !== ':memory:') fs.mkdirSync(path.dirname(file), { recursive: true });
  const db = new Database(file);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
  } catch (err) {
    db.close();
    throw new Error(`Cannot use the state database ${file}: ${(err as Error).message}`, { cause: err });
  }
  return db;
}
