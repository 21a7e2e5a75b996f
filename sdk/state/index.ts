export { openStateDb } from './open-state-db';
export { migrate, schemaVersion } from './migrate';
export type { Migration } from './migrate';
export { DatabaseSync, transaction, pluck, pluckAll, rows, row, changes } from './sqlite';
export type { Database, Statement, SqlValue } from './sqlite';
export {
  openStateHandle,
  openCheckedStateDb,
  quickCheck,
  listStateBackups,
  backupStateDb,
  restoreStateDb,
  STATE_BACKUP_DIR,
  STATE_BACKUPS_KEPT,
} from './state-file';
export type { StateHandle, StateBackup, StateFileCondition, StateFileStatus } from './state-file';
