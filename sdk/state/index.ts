export { openStateDb } from './open-state-db';
export { migrate, schemaVersion } from './migrate';
export type { Migration } from './migrate';
