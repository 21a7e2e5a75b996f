export { openStateDb } from './open-state-db';
export { migrate, schemaVersion } from './migrate';
export type { Migration } from './migrate';
export { DatabaseSync, transaction, pluck, pluckAll, rows, row, changes } from './sqlite';
export type { Database, Statement, SqlValue } from './sqlite';
