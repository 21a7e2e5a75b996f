import type { Database, Statement } from 'better-sqlite3';

/** What Sentinel holds from us: one row per STIX indicator id we have sent. */
export interface LedgerEntry {
  stixId: string;
  tcType: string;
  tcId: number;
  owner: string;
  pattern: string;
  name: string;
  created: string;
  validFrom: string;
  validUntil: string;
  modified: string;
  /** Request ID of the last job that sent it. */
  lastJob: string;
  revoked: boolean;
}

interface LedgerRow {
  stix_id: string;
  tc_type: string;
  tc_id: number;
  owner: string;
  pattern: string;
  name: string;
  created: string;
  valid_from: string;
  valid_until: string;
  modified: string;
  last_job: string;
  revoked: number;
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
    validFrom: row.valid_from,
    validUntil: row.valid_until,
    modified: row.modified,
    lastJob: row.last_job,
    revoked: row.revoked === 1,
  };
}

/**
 * The ledger of indicators sent to Sentinel. Callers wrap writes in their own transaction together with the
 * batch checkpoint they belong to, so a crash never separates "sent" from "recorded".
 */
export class Ledger {
  readonly #upsert: Statement;
  readonly #revoke: Statement;
  readonly #get: Statement;

  constructor(private readonly db: Database) {
    this.#upsert = db.prepare(
      `INSERT INTO ledger (stix_id, tc_type, tc_id, owner, pattern, name, created, valid_from, valid_until, modified, last_job, revoked)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0)
       ON CONFLICT (stix_id) DO UPDATE SET tc_type = excluded.tc_type, tc_id = excluded.tc_id, owner = excluded.owner,
         pattern = excluded.pattern, name = excluded.name, created = excluded.created, valid_from = excluded.valid_from,
         valid_until = excluded.valid_until, modified = excluded.modified, last_job = excluded.last_job, revoked = 0`,
    );
    this.#revoke = db.prepare('UPDATE ledger SET revoked = 1, modified = ?, valid_until = ?, last_job = ? WHERE stix_id = ?');
    this.#get = db.prepare('SELECT * FROM ledger WHERE stix_id = ?');
  }

  recordSent(entry: Omit<LedgerEntry, 'revoked'>): void {
    this.#upsert.run(
      entry.stixId,
      entry.tcType,
      entry.tcId,
      entry.owner,
      entry.pattern,
      entry.name,
      entry.created,
      entry.validFrom,
      entry.validUntil,
      entry.modified,
      entry.lastJob,
    );
  }

  recordRevoked(stixId: string, modified: string, validUntil: string, requestId: string): void {
    this.#revoke.run(modified, validUntil, requestId, stixId);
  }

  get(stixId: string): LedgerEntry | undefined {
    const row = this.#get.get(stixId) as LedgerRow | undefined;
    return row ? toEntry(row) : undefined;
  }

  /**
   * Active entries the given job did not send (candidates for revocation after a full update). Read in key order
   * by chunks, never holding a statement open, so the caller may write to the database between items.
   */
  activeNotSentBy(requestId: string): IterableIterator<LedgerEntry> {
    return this.#chunks('revoked = 0 AND last_job != ?', [requestId]);
  }

  /** Active entries whose valid_until is before `iso` (keep-alive candidates). */
  activeExpiringBefore(iso: string): IterableIterator<LedgerEntry> {
    return this.#chunks('revoked = 0 AND valid_until < ?', [iso]);
  }

  /** Active entries of the given ThreatConnect indicator ids (deleted in TC). */
  *activeForTcIds(tcIds: ReadonlySet<number>): IterableIterator<LedgerEntry> {
    if (tcIds.size === 0) return;
    for (const entry of this.#chunks('revoked = 0', [])) if (tcIds.has(entry.tcId)) yield entry;
  }

  *#chunks(condition: string, args: unknown[], size = 2000): IterableIterator<LedgerEntry> {
    const stmt = this.db.prepare(`SELECT * FROM ledger WHERE stix_id > ? AND ${condition} ORDER BY stix_id LIMIT ?`);
    let after = '';
    for (;;) {
      const rows = stmt.all(after, ...args, size) as LedgerRow[];
      for (const row of rows) yield toEntry(row);
      if (rows.length < size) return;
      after = rows[rows.length - 1]!.stix_id;
    }
  }

  counts(): { active: number; revoked: number } {
    const row = this.db
      .prepare('SELECT SUM(revoked = 0) AS active, SUM(revoked = 1) AS revoked FROM ledger')
      .get() as { active: number | null; revoked: number | null };
    return { active: row.active ?? 0, revoked: row.revoked ?? 0 };
  }
}
