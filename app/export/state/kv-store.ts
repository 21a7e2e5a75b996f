import type { Database, Statement } from '../../../sdk';

/** Names of the small values the engine keeps between runs. */
export type StateKey =
  | 'watermark' // ISO start of the last successful run, the base of the next delta
  | 'lastSuccessQueries' // JSON of the query configurations that run used
  | 'lastSuccessAt' // ISO end of the last successful run
  | 'lastScheduledStart' // ISO start of the last scheduled job
  | 'maxModified' // ISO: the newest `modified` ever sent; every later send is strictly newer
  | 'stateNotice' // 'missing' while the notice that state.db was re-created empty is not dismissed
  | 'resendAllNext' // the config revision whose next scheduled full update re-sends everything ("Force re-send all")
  | 'reconcileSummary' // JSON: what the last reconciliation with Sentinel found (ReconcileSummary)
  | 'pacerWindow'; // JSON: the Sentinel requests of the last window and any pause, so a restart does not forget them

/** A key-value table for the engine's watermarks. */
export class KvStore {
  readonly #get: Statement;
  readonly #set: Statement;

  constructor(private readonly db: Database) {
    this.#get = db.prepare('SELECT value FROM kv WHERE key = ?');
    this.#set = db.prepare('INSERT INTO kv (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value');
  }

  get(key: StateKey): string | undefined {
    const row = this.#get.get(key) as { value: string } | undefined;
    return row?.value;
  }

  set(key: StateKey, value: string): void {
    this.#set.run(key, value);
  }

  delete(key: StateKey): void {
    this.db.prepare('DELETE FROM kv WHERE key = ?').run(key);
  }
}
