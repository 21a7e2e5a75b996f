import fs from 'node:fs';
import path from 'node:path';
import { DatabaseSync, type Database } from './sqlite';

/**
 * Opens (creating it and its folder when needed) the App's SQLite state: WAL journal so HTTP reads never wait for
 * a job's writes, NORMAL sync (durable at checkpoints, safe against app crashes), foreign keys on, and a busy
 * timeout instead of immediate SQLITE_BUSY errors.
 * @example const db = openStateDb(path.join(inputs.tc_out_path, 'state.db'));
 */
export function openStateDb(file: string): Database {
  if (file !== ':memory:') fs.mkdirSync(path.dirname(file), { recursive: true });
  const db = new DatabaseSync(file);
  try {
    db.exec('PRAGMA journal_mode = WAL');
    db.exec('PRAGMA synchronous = NORMAL');
    db.exec('PRAGMA foreign_keys = ON');
    db.exec('PRAGMA busy_timeout = 5000');
  } catch (err) {
    db.close();
    throw new Error(`Cannot use the state database ${file}: ${(err as Error).message}`, { cause: err });
  }
  return db;
}
