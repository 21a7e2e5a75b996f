import { transaction, type Database } from './sqlite';

/** One schema step: SQL to run, or a function for steps SQL alone cannot express. */
export type Migration = string | ((db: Database) => void);

const MIGRATIONS_TABLE = `CREATE TABLE IF NOT EXISTS schema_migrations (
  namespace TEXT NOT NULL,
  version INTEGER NOT NULL,
  applied_at TEXT NOT NULL,
  PRIMARY KEY (namespace, version)
)`;

/** The schema version of `namespace` (0 when none was applied). */
export function schemaVersion(db: Database, namespace: string): number {
  db.exec(MIGRATIONS_TABLE);
  const row = db.prepare('SELECT MAX(version) AS v FROM schema_migrations WHERE namespace = ?').get(namespace) as { v: number | null };
  return row.v ?? 0;
}

/**
 * Brings `namespace`'s part of the schema up to date: applies, in order and each in its own transaction, every
 * step not applied yet (step i is version i + 1). Several namespaces share one database. A database newer than the
 * code (a downgrade) is refused rather than guessed at.
 * @example migrate(db, 'export', ['CREATE TABLE jobs (...)', 'ALTER TABLE jobs ADD COLUMN note TEXT']);
 */
export function migrate(db: Database, namespace: string, migrations: readonly Migration[]): number {
  const current = schemaVersion(db, namespace);
  if (current > migrations.length) {
    throw new Error(
      `The state database has schema version ${current} for "${namespace}", newer than this App knows (${migrations.length}); ` +
        'it was written by a later version of the App',
    );
  }
  const record = db.prepare('INSERT INTO schema_migrations (namespace, version, applied_at) VALUES (?, ?, ?)');
  for (let version = current + 1; version <= migrations.length; version += 1) {
    const step = migrations[version - 1] as Migration;
    transaction(db, () => {
      if (typeof step === 'string') db.exec(step);
      else step(db);
      record.run(namespace, version, new Date().toISOString());
    })();
  }
  return migrations.length;
}
