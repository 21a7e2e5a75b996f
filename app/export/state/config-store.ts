import type { Database } from '../../../sdk';
import type { ConfigState, QueryConfig, UpdateMode } from '../types';
import { ConfigConflictError } from '../export-service';

interface ConfigRow {
  revision: number;
  next_update: UpdateMode;
  queries: string;
}

/**
 * The ordered query configurations and the next scheduled update's mode, with a revision that grows on each save.
 * @example store.save({ queries, nextUpdate: 'full' }).revision
 */
export class ConfigStore {
  constructor(private readonly db: Database) {}

  get(): ConfigState {
    const row = this.db.prepare('SELECT revision, next_update, queries FROM config WHERE id = 1').get() as ConfigRow | undefined;
    if (!row) return { queries: [], nextUpdate: 'full', revision: 0 };
    return { queries: JSON.parse(row.queries) as QueryConfig[], nextUpdate: row.next_update, revision: row.revision };
  }

  /** Saves as the next revision; with `input.revision`, only if that is still the stored one (else ConfigConflictError). */
  save(input: { queries: QueryConfig[]; nextUpdate: UpdateMode; revision?: number }, now = new Date()): ConfigState {
    // Read and written in one synchronous step: no other save can come in between.
    const current = this.get().revision;
    if (input.revision !== undefined && input.revision !== current) throw new ConfigConflictError(current, input.revision);
    const revision = current + 1;
    this.db
      .prepare(
        `INSERT INTO config (id, revision, next_update, queries, updated_at) VALUES (1, ?, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET revision = excluded.revision, next_update = excluded.next_update,
           queries = excluded.queries, updated_at = excluded.updated_at`,
      )
      .run(revision, input.nextUpdate, JSON.stringify(input.queries), now.toISOString());
    return this.get();
  }

  /** Sets only the next update's mode (after a successful full update it falls back to delta). */
  setNextUpdate(mode: UpdateMode): void {
    this.db.prepare('UPDATE config SET next_update = ? WHERE id = 1').run(mode);
  }
}
