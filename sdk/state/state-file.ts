import fs from 'node:fs';
import path from 'node:path';
import { backup } from 'node:sqlite';
import { openStateDb } from './open-state-db';
import { DatabaseSync, type Database } from './sqlite';
import { errorMessage } from '../error-message';

/** Where copies of the state go, beside it in `tc_out_path`. */
export const STATE_BACKUP_DIR = 'state-backups';
/** How many copies are kept (the newest). A damaged file set aside by a restore is kept apart from these. */
export const STATE_BACKUPS_KEPT = 2;
const BACKUP_NAME = /^state-(\d{8}T\d{9}Z)\.db$/;

/** How the state file was found when the service opened it. */
export type StateFileStatus = 'ok' | 'created' | 'damaged';

export interface StateFileCondition {
  status: StateFileStatus;
  /** What SQLite said was wrong (damaged only). */
  problems?: string[];
  /** How long the check took. */
  checkMs: number;
}

export interface StateBackup {
  name: string;
  file: string;
  bytes: number;
  createdAt: string;
}

/**
 * SQLite's own check of a database's structure (`PRAGMA quick_check`: every page, cell and index order, without
 * comparing indexes to their tables). Returns the problems, none when the file is sound; a file SQLite cannot
 * even read gives its error as the problem.
 */
export function quickCheck(db: Database, max = 10): string[] {
  try {
    const found = db
      .prepare(`PRAGMA quick_check(${Math.max(1, Math.floor(max))})`)
      .all()
      .map((r) => String(Object.values(r)[0]));
    return found.length === 1 && found[0] === 'ok' ? [] : found;
  } catch (err) {
    return [errorMessage(err)];
  }
}

/**
 * Opens the App's state and checks it before anything uses it. A damaged file is left as it is (nothing is
 * written to it); the returned database is then an empty one in memory, so the service can start and say so.
 */
export function openCheckedStateDb(file: string): { db: Database; condition: StateFileCondition } {
  const existed = fs.existsSync(file);
  const t0 = performance.now();
  let db: Database | undefined;
  let problems: string[];
  try {
    if (existed) {
      // Checked read-only first: opening in WAL mode writes, and a damaged file is not to be touched.
      const probe = new DatabaseSync(file, { readOnly: true });
      try {
        problems = quickCheck(probe);
      } finally {
        probe.close();
      }
    } else problems = [];
    if (problems.length === 0) db = openStateDb(file);
  } catch (err) {
    problems = [errorMessage(err)];
  }
  const checkMs = Math.round(performance.now() - t0);
  if (db) return { db, condition: { status: existed ? 'ok' : 'created', checkMs } };
  return { db: openStateDb(':memory:'), condition: { status: 'damaged', problems, checkMs } };
}

function stamp(d: Date): string {
  return d.toISOString().replace(/[-:.]/g, '');
}

/** The copies in `dir`, newest first. */
export function listStateBackups(dir: string): StateBackup[] {
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return [];
  }
  return names
    .filter((n) => BACKUP_NAME.test(n))
    .sort()
    .reverse()
    .map((name) => {
      const file = path.join(dir, name);
      const s = BACKUP_NAME.exec(name)![1]!;
      const createdAt = `${s.slice(0, 4)}-${s.slice(4, 6)}-${s.slice(6, 8)}T${s.slice(9, 11)}:${s.slice(11, 13)}:${s.slice(13, 15)}.${s.slice(15, 18)}Z`;
      return { name, file, bytes: fs.statSync(file).size, createdAt };
    });
}

/**
 * Writes a consistent copy of the open state with SQLite's online backup (pages copied in steps off the event
 * loop; writes the same connection makes meanwhile are carried into the copy), under a temporary name renamed
 * when complete, then keeps only the newest `keep` copies.
 */
export async function backupStateDb(db: Database, dir: string, options: { keep?: number; now?: Date } = {}): Promise<StateBackup> {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const name = `state-${stamp(options.now ?? new Date())}.db`;
  const file = path.join(dir, name);
  const partial = `${file}.partial`;
  fs.rmSync(partial, { force: true });
  await backup(db, partial);
  fs.renameSync(partial, file);
  for (const old of listStateBackups(dir).slice(options.keep ?? STATE_BACKUPS_KEPT)) fs.rmSync(old.file, { force: true });
  return listStateBackups(dir).find((b) => b.name === name)!;
}

/**
 * Replaces the state file by a copy: the copy is checked first; `current` is closed; the file in place (and its
 * WAL) is set aside as `replaced-<time>.db` beside the copies, never deleted; the copy is written in its place and
 * opened. Returns the opened database.
 */
export async function restoreStateDb(current: Database, file: string, copy: StateBackup, now = new Date()): Promise<Database> {
  const source = new DatabaseSync(copy.file, { readOnly: true });
  try {
    const problems = quickCheck(source);
    if (problems.length > 0) throw new Error(`The copy ${copy.name} is damaged too: ${problems[0]}`);
    if (current.isOpen) current.close();
    const aside = path.join(path.dirname(copy.file), `replaced-${stamp(now)}.db`);
    for (const suffix of ['', '-wal', '-shm']) {
      if (fs.existsSync(file + suffix)) fs.renameSync(file + suffix, aside + suffix);
    }
    await backup(source, file);
  } finally {
    source.close();
  }
  return openStateDb(file);
}

/** The App's state file as the service holds it: the open database, how it was found, its copies. */
export interface StateHandle {
  readonly file: string;
  readonly backupDir: string;
  /** How the file was found at start-up. */
  readonly condition: StateFileCondition;
  /** The open database: the one opened at start, or the one a restore opened. */
  readonly db: Database;
  backups(): StateBackup[];
  /** A copy of the open database now (the newest STATE_BACKUPS_KEPT are kept). */
  backup(now?: Date): Promise<StateBackup>;
  /** Replaces the state by the copy called `name` (see restoreStateDb); `db` is then the restored database. */
  restore(name: string, now?: Date): Promise<Database>;
  close(): void;
}

/**
 * Opens and checks `<dir>/state.db` (openCheckedStateDb), with its copies in `<dir>/state-backups`.
 * @example const state = openStateHandle(paths.out); if (state.condition.status === 'damaged') …
 */
export function openStateHandle(dir: string): StateHandle {
  const file = path.join(dir, 'state.db');
  const backupDir = path.join(dir, STATE_BACKUP_DIR);
  const opened = openCheckedStateDb(file);
  let db = opened.db;
  return {
    file,
    backupDir,
    condition: opened.condition,
    get db() {
      return db;
    },
    backups: () => listStateBackups(backupDir),
    backup: (now) => backupStateDb(db, backupDir, { now }),
    async restore(name, now) {
      const copy = listStateBackups(backupDir).find((b) => b.name === name);
      if (!copy) throw new Error(`No copy of the state called ${name}`);
      db = await restoreStateDb(db, file, copy, now);
      return db;
    },
    close() {
      if (db.isOpen) db.close();
    },
  };
}
