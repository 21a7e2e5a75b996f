import { JOBS_SCHEMA, TASKS_SCHEMA, ERRORS_SCHEMA, ERRORS_ORIGIN_MIGRATION } from '../../../sdk';

/**
 * The export engine's schema migrations, in order. Never edit a released step: add a new one.
 */
export const EXPORT_MIGRATIONS: readonly string[] = [
  // 1: jobs, tasks, errors; configuration; ledger; watermarks; upload batch checkpoints
  `${JOBS_SCHEMA}
  ${TASKS_SCHEMA}
  ${ERRORS_SCHEMA}
  CREATE TABLE config (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    revision INTEGER NOT NULL,
    next_update TEXT NOT NULL CHECK (next_update IN ('full', 'delta')),
    queries TEXT NOT NULL,
    updated_at TEXT NOT NULL
  );
  CREATE TABLE kv (key TEXT PRIMARY KEY, value TEXT NOT NULL);
  CREATE TABLE ledger (
    stix_id TEXT PRIMARY KEY,
    tc_type TEXT NOT NULL,
    tc_id INTEGER NOT NULL,
    owner TEXT NOT NULL,
    pattern TEXT NOT NULL,
    name TEXT NOT NULL,
    created TEXT NOT NULL,
    valid_from TEXT NOT NULL,
    valid_until TEXT NOT NULL,
    modified TEXT NOT NULL,
    last_job TEXT NOT NULL,
    revoked INTEGER NOT NULL DEFAULT 0
  ) WITHOUT ROWID;
  CREATE TABLE job_batches (
    request_id TEXT NOT NULL,
    stage TEXT NOT NULL,
    batch_no INTEGER NOT NULL,
    accepted INTEGER NOT NULL,
    rejected INTEGER NOT NULL,
    failed INTEGER NOT NULL,
    PRIMARY KEY (request_id, stage, batch_no)
  ) WITHOUT ROWID;`,
  // 2: what each answered batch added to its job's counts (taken back when a resumed job sends the batch again)
  `ALTER TABLE job_batches ADD COLUMN counts TEXT NOT NULL DEFAULT '{}';`,
  // 3: reconciliation: each entry's content digest, when a listing of Sentinel last showed it, what was found wrong;
  // the drift found (objects Sentinel lacks, holds unknown to the ledger, or holds altered)
  `ALTER TABLE ledger ADD COLUMN digest TEXT;
  ALTER TABLE ledger ADD COLUMN seen_at TEXT;
  ALTER TABLE ledger ADD COLUMN sentinel_state TEXT CHECK (sentinel_state IN ('missing', 'altered'));
  CREATE TABLE drift (
    stix_id TEXT PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('missing', 'unknown', 'altered')),
    tc_type TEXT,
    detail TEXT NOT NULL,
    data TEXT,
    found_at TEXT NOT NULL
  ) WITHOUT ROWID;
  CREATE INDEX drift_kind ON drift (kind, stix_id);`,
  // 4: which query configuration an error came from (REPORTS merges identical errors and names their configurations)
  ERRORS_ORIGIN_MIGRATION,
];
