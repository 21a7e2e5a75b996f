import { pluck, type Database, type SqlValue, type Statement } from '../../../sdk';
import { COLUMNS, LAST_KEY, ON_CONFLICT, yieldTurn, type SentRow } from './ledger-sql';
import { SentLogMerge } from './sent-log-merge';

/** What a send records: the entry but for what only the ledger knows (revoked, seen, state). */
export type SentEntry = Omit<LedgerEntry, 'revoked' | 'seenAt' | 'sentinelState' | 'digest'> & { digest?: string | null };

/** What Sentinel holds from us: one row per STIX indicator id we have sent. */
export interface LedgerEntry {
  stixId: string;
  tcType: string;
  tcId: number;
  owner: string;
  pattern: string;
  name: string;
  created: string;
  /** contentDigest of what was sent (null for rows from before digests were kept, and for revocations). */
  digest: string | null;
  validFrom: string;
  validUntil: string;
  modified: string;
  /** Request ID of the last job that sent it. */
  lastJob: string;
  revoked: boolean;
  /** When a listing of Sentinel last showed this very version there (reconciliation); null until one has. */
  seenAt?: string | null;
  /** What the last reconciliation found wrong with it in Sentinel, if anything. */
  sentinelState?: 'missing' | 'altered' | null;
}

interface LedgerRow {
  stix_id: string;
  tc_type: string;
  tc_id: number;
  owner: string;
  pattern: string;
  name: string;
  created: string;
  digest: string | null;
  valid_from: string;
  valid_until: string;
  modified: string;
  last_job: string;
  revoked: number;
  seen_at: string | null;
  sentinel_state: 'missing' | 'altered' | null;
}

function toEntry(row: LedgerRow): LedgerEntry {
  return {
    stixId: row.stix_id,
    tcType: row.tc_type,
    tcId: row.tc_id,
    owner: row.owner,
    pattern: row.pattern,
    name: row.name,
    created: row.created,
    digest: row.digest,
    validFrom: row.valid_from,
    validUntil: row.valid_until,
    modified: row.modified,
    lastJob: row.last_job,
    revoked: row.revoked === 1,
    seenAt: row.seen_at,
    sentinelState: row.sentinel_state,
  };
}

const OPEN_BRACKET = Buffer.from('[');
/** Ledger rows one statement reads at most while the ledger is scanned for candidates (revoke, keep-alive). */
const SCAN_WINDOW = 20_000;
/** Matching entries one statement returns at most while scanning. */
const SCAN_CHUNK = 2000;
/**
 * The ledger of indicators sent to Sentinel. Callers wrap writes in their own transaction together with the
 * batch checkpoint they belong to, so a crash never separates "sent" from "recorded".
 */
export class Ledger {
  readonly #upsert: Statement;
  readonly #revoke: Statement;
  readonly #get: Statement;

  readonly #scanWindow: number;
  readonly #scanChunk: number;

  /** `scanWindow`, `scanChunk`: ledger rows one statement reads at most while scanning, and matches it returns. */
  constructor(
    private readonly db: Database,
    { scanWindow = SCAN_WINDOW, scanChunk = SCAN_CHUNK }: { scanWindow?: number; scanChunk?: number } = {},
  ) {
    this.#scanWindow = scanWindow;
    this.#scanChunk = scanChunk;
    this.#upsert = db.prepare(`INSERT INTO ledger (${COLUMNS}, revoked) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0) ${ON_CONFLICT}`);
    this.#revoke = db.prepare(
      'UPDATE ledger SET revoked = 1, modified = ?, valid_until = ?, last_job = ?, seen_at = NULL, sentinel_state = NULL WHERE stix_id = ?',
    );
    this.#get = db.prepare('SELECT * FROM ledger WHERE stix_id = ?');
  }

  recordSent(entry: SentEntry): void {
    this.#upsert.run(...Ledger.#row(entry));
  }

  static #row(e: SentEntry): SentRow {
    return [e.stixId, e.tcType, e.tcId, e.owner, e.pattern, e.name, e.created, e.digest ?? null, e.validFrom, e.validUntil, e.modified, e.lastJob];
  }

  /** One line of a sent log: what `recordSent` would record, for `mergeSentLog` to record later. */
  static sentLine(entry: SentEntry): string {
    return JSON.stringify(Ledger.#row(entry));
  }

  /**
   * The parts of a sent-log line for an object whose first ledger fields (stix_id … created) the caller already
   * has as comma-separated JSON values: the same line `sentLine` writes, put together without parsing them.
   */
  static sentLineParts(rowFields: Uint8Array, suffix: Uint8Array): readonly Uint8Array[] {
    return [OPEN_BRACKET, rowFields, suffix];
  }

  /** The end of a sent-log line after the first ledger fields: the times and the job (shared by a batch's objects). */
  static sentLineSuffix(times: { validFrom: string; validUntil: string; modified: string }, lastJob: string): Buffer {
    return Buffer.from(`,"${times.validFrom}","${times.validUntil}","${times.modified}",${JSON.stringify(lastJob)}]`);
  }

  /**
   * Records a sent log (lines of `sentLine`, in the order the objects were sent) in the ledger: loaded into a
   * temporary table, then upserted in key order, so a million rows cost one sequential pass over the ledger
   * rather than a random write per row. An id logged twice (a batch re-sent after a restart) keeps its last row.
   * Idempotent: merging the same log again changes nothing. Lines that do not parse (torn by a crash) are skipped.
   * @returns the rows merged
   */
  async mergeSentLog(file: string, options?: { runRows?: number }): Promise<number> {
    return this.startMerge(file, options).finish();
  }

  /**
   * Starts merging a sent log that is still being written: `loadWritten` loads what it holds so far (while the
   * upload goes on), `finish` loads the rest and merges it all, as `mergeSentLog` does. Nothing reaches the ledger
   * before `finish`; `discard` gives it up (a stage stopped by shutdown merges the whole log when it resumes).
   */
  startMerge(file: string, options?: { runRows?: number }): SentLogMerge {
    return new SentLogMerge(this.db, file, options);
  }

  recordRevoked(stixId: string, modified: string, validUntil: string, requestId: string): void {
    this.#revoke.run(modified, validUntil, requestId, stixId);
  }

  get(stixId: string): LedgerEntry | undefined {
    const row = this.#get.get(stixId) as unknown as LedgerRow | undefined;
    return row ? toEntry(row) : undefined;
  }

  /**
   * Active entries the given job did not send (candidates for revocation after a full update). Read in key order
   * by chunks, never holding a statement open, so the caller may write to the database between items.
   */
  activeNotSentBy(requestId: string): AsyncGenerator<LedgerEntry> {
    return this.#scan('revoked = 0 AND last_job != ?', [requestId]);
  }

  /**
   * The ids and owners of `activeNotSentBy`: what a full update's revocation plan reads for each candidate (most
   * of them, in a steady update that sent only what changed, are in the set: their whole rows are not read).
   */
  activeIdsNotSentBy(requestId: string): AsyncGenerator<{ stixId: string; owner: string }> {
    return this.#scan('revoked = 0 AND last_job != ?', [requestId], 'stix_id, owner', (row) => ({ stixId: row.stix_id, owner: row.owner }));
  }

  /**
   * Up to `limit` entries for a lookup: `q` as a STIX id, a ThreatConnect id, or the start of a value as sent (the
   * object's name is `<value> | <owner>`, compared without ASCII case). A value search reads the ledger until it has
   * enough (no index: one pass at most, a fraction of a second at a million rows). `stixIds`: the ids the value has
   * once normalized as the App normalizes each type (found by key, first).
   */
  lookup(q: string, limit: number, stixIds: readonly string[] = []): LedgerEntry[] {
    const text = q.trim();
    const exact = this.db.prepare(`SELECT * FROM ledger WHERE stix_id = ? ${/^\d+$/.test(text) ? 'OR tc_id = ?' : ''} LIMIT ?`);
    const found = (/^\d+$/.test(text) ? exact.all(text, Number(text), limit) : exact.all(text, limit)) as unknown as LedgerRow[];
    // The value normalized as the App normalizes it, per type: the STIX ids it would have (exact, by key).
    const byId = this.db.prepare('SELECT * FROM ledger WHERE stix_id = ?');
    for (const id of stixIds) {
      const row = byId.get(id) as unknown as LedgerRow | undefined;
      if (row && found.length < limit && !found.some((f) => f.stix_id === row.stix_id)) found.push(row);
    }
    if (found.length < limit) {
      const like = `${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      const byValue = this.db.prepare("SELECT * FROM ledger WHERE name LIKE ? ESCAPE '\\' LIMIT ?").all(like, limit) as unknown as LedgerRow[];
      for (const row of byValue) if (found.length < limit && !found.some((f) => f.stix_id === row.stix_id)) found.push(row);
    }
    return found.map(toEntry);
  }

  /**
   * What Sentinel holds from the App per indicator type, as the ledger records it at `nowIso`: active (valid, not
   * revoked), of those expiring before `soonIso`, expired (not revoked, past valid_until) and revoked. One pass.
   */
  holdings(nowIso: string, soonIso: string): Array<{ type: string; active: number; expiringSoon: number; expired: number; revoked: number }> {
    return this.db
      .prepare(
        `SELECT tc_type AS type,
           SUM(revoked = 0 AND valid_until > ?) AS active,
           SUM(revoked = 0 AND valid_until > ? AND valid_until <= ?) AS expiringSoon,
           SUM(revoked = 0 AND valid_until <= ?) AS expired,
           SUM(revoked = 1) AS revoked
         FROM ledger GROUP BY tc_type ORDER BY tc_type`,
      )
      .all(nowIso, nowIso, soonIso, nowIso) as unknown as Array<{ type: string; active: number; expiringSoon: number; expired: number; revoked: number }>;
  }

  /** Active entries the last reconciliation did not find in Sentinel (a delta sends them again). */
  activeMissing(): AsyncGenerator<LedgerEntry> {
    return this.#scan("revoked = 0 AND sentinel_state = 'missing'", []);
  }

  /** Active entries whose valid_until is before `iso` (keep-alive candidates). */
  activeExpiringBefore(iso: string): AsyncGenerator<LedgerEntry> {
    return this.#scan('revoked = 0 AND valid_until < ?', [iso]);
  }

  /**
   * The entries meeting `condition`, in key order: the ledger is read in windows of `scanWindow` rows (one statement
   * never reads more, and the event loop gets a turn between windows), each window's matches in chunks.
   */
  #scan(condition: string, args: SqlValue[]): AsyncGenerator<LedgerEntry>;
  #scan<T>(condition: string, args: SqlValue[], columns: string, map: (row: LedgerRow) => T): AsyncGenerator<T>;
  async *#scan<T>(
    condition: string,
    args: SqlValue[],
    columns = '*',
    map: (row: LedgerRow) => T = toEntry as unknown as (row: LedgerRow) => T,
  ): AsyncGenerator<T> {
    const size = this.#scanChunk;
    const windowEnd = this.db.prepare('SELECT stix_id FROM ledger WHERE stix_id > ? ORDER BY stix_id LIMIT 1 OFFSET ?');
    const chunk = this.db.prepare(`SELECT ${columns} FROM ledger WHERE stix_id > ? AND stix_id <= ? AND ${condition} ORDER BY stix_id LIMIT ?`);
    for (let from = ''; ;) {
      const to = pluck<string>(windowEnd, from, this.#scanWindow - 1) ?? LAST_KEY;
      for (let after = from; ;) {
        const rows = chunk.all(after, to, ...args, size) as unknown as LedgerRow[];
        for (const row of rows) yield map(row);
        if (rows.length < size) break;
        after = rows[rows.length - 1]!.stix_id;
      }
      if (to === LAST_KEY) return;
      from = to;
      await yieldTurn();
    }
  }

  counts(): { active: number; revoked: number } {
    const row = this.db.prepare('SELECT SUM(revoked = 0) AS active, SUM(revoked = 1) AS revoked FROM ledger').get() as {
      active: number | null;
      revoked: number | null;
    };
    return { active: row.active ?? 0, revoked: row.revoked ?? 0 };
  }
}
