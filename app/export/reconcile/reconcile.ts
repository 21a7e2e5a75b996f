import type { ManagementClient, QueryClause, TiObject } from '../../sentinel/management-client';
import { pluck, transaction, type Statement } from '../../../sdk';
import type { EngineContext, Reconciler } from '../engine-context';
import type { DriftItem, DriftKind, ReconcileSummary, TypeTally } from '../types';
import { runTask } from '../run-task';

/** Ledger keys per statement while results are written (the event loop gets a turn between). */
const RANGE_ROWS = 20_000;
const LAST_KEY = '\uffff';

const yieldTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** The App's objects in Sentinel: those under its source. */
export function sourceClauses(sourceSystem: string): QueryClause[] {
  return [{ field: 'source', operator: 'Equals', values: [sourceSystem] }];
}

/** Timestamps as the ledger writes them (toISOString), so the two compare as strings whatever Sentinel sends. */
function isoOrNull(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? value : new Date(ms).toISOString();
}

export function readSummary(ctx: Pick<EngineContext, 'kv'>): ReconcileSummary | undefined {
  const text = ctx.kv.get('reconcileSummary');
  return text ? (JSON.parse(text) as ReconcileSummary) : undefined;
}

/**
 * Compares what Sentinel holds under the App's source with the ledger. First the counts (one request); when they
 * differ, when `full` is asked, when the last listing found drift, or when the last complete listing is older than
 * the interval, every object is listed and compared by STIX id:
 * - the same version as sent (modified, valid_until, revoked, pattern): the ledger records it as seen now (a full
 *   update may then skip it while its content is unchanged);
 * - *missing* (sent, active, not in Sentinel): marked, so the next job sends it again;
 * - *unknown* (in Sentinel under the App's source, not in the ledger): reported, with the object as Sentinel holds
 *   it, for a revocation through the guard or a rebuild of the ledger;
 * - *altered* (there, but not as sent): reported with what differs.
 * Must not run while a job does (the scheduler makes sure).
 */
export async function runReconcile(
  ctx: EngineContext,
  reconciler: Reconciler,
  options: { full?: boolean; requestId?: string; signal?: AbortSignal } = {},
): Promise<ReconcileSummary> {
  let summary: ReconcileSummary | undefined;
  await runTask(
    ctx,
    { name: 'Reconcile with Microsoft Sentinel', kind: 'reconcile', ...(options.requestId ? { requestId: options.requestId } : {}) },
    async () => {
      const started = Date.now();
      const requestsBefore = reconciler.client.requests;
      const clauses = sourceClauses(ctx.options.sourceSystem);
      const sentinelCount = await reconciler.client.count(clauses, options.signal);
      const ledgerCount = pluck<number>(ctx.db.prepare('SELECT COUNT(*) FROM ledger')) ?? 0;
      const previous = readSummary(ctx);
      const listedAt = previous?.listedAt ? Date.parse(previous.listedAt) : 0;
      // Drift the last listing found is only known repaired when a listing no longer shows it.
      const driftOutstanding = previous !== undefined && previous.missing + previous.unknown + previous.altered > 0;
      const due =
        options.full === true || driftOutstanding || sentinelCount !== ledgerCount || ctx.now().getTime() - listedAt >= reconciler.intervalHours * 3600_000;
      if (!due) {
        summary = {
          ...(previous ?? emptySummary()),
          checkedAt: ctx.now().toISOString(),
          mode: 'count',
          sentinelCount,
          ledgerCount,
          requests: reconciler.client.requests - requestsBefore,
          seconds: (Date.now() - started) / 1000,
        };
      } else {
        const found = await listAndCompare(ctx, reconciler.client, clauses, options.signal);
        const at = ctx.now().toISOString();
        summary = {
          checkedAt: at,
          listedAt: at,
          mode: 'list',
          sentinelCount,
          ledgerCount,
          ...found,
          requests: reconciler.client.requests - requestsBefore,
          seconds: (Date.now() - started) / 1000,
        };
      }
      ctx.kv.set('reconcileSummary', JSON.stringify(summary));
      const s = summary;
      const drift = s.mode === 'list' ? `; ${s.missing} missing, ${s.unknown} unknown, ${s.altered} altered` : ' (counts agree: not listed)';
      if (s.mode === 'list' && s.missing + s.unknown + s.altered > 0)
        ctx.logger.warn('Reconciliation found drift between Sentinel and the ledger', { missing: s.missing, unknown: s.unknown, altered: s.altered });
      return `Sentinel holds ${s.sentinelCount.toLocaleString('en-US')} objects from the App, the ledger ${s.ledgerCount.toLocaleString('en-US')}${drift}; ${s.requests} requests`;
    },
  );
  return summary!;
}

function emptySummary(): ReconcileSummary {
  return { checkedAt: '', mode: 'count', sentinelCount: 0, ledgerCount: 0, perType: [], missing: 0, unknown: 0, altered: 0, requests: 0, seconds: 0 };
}

/** Lists every object into a temporary table, then compares it with the ledger key range by key range. */
async function listAndCompare(
  ctx: EngineContext,
  client: ManagementClient,
  clauses: QueryClause[],
  signal?: AbortSignal,
): Promise<Pick<ReconcileSummary, 'perType' | 'missing' | 'unknown' | 'altered'>> {
  const { db } = ctx;
  db.exec('DROP TABLE IF EXISTS temp.listed');
  db.exec(`CREATE TEMP TABLE listed (stix_id TEXT PRIMARY KEY, modified TEXT, valid_until TEXT, revoked INTEGER NOT NULL, pattern TEXT,
    active INTEGER NOT NULL, data TEXT) WITHOUT ROWID`);
  try {
    const now = ctx.now();
    const nowIso = now.toISOString();
    const known = db.prepare('SELECT 1 FROM ledger WHERE stix_id = ?');
    const insert = db.prepare(
      'INSERT OR REPLACE INTO temp.listed (stix_id, modified, valid_until, revoked, pattern, active, data) VALUES (?, ?, ?, ?, ?, ?, ?)',
    );
    const insertPage = transaction(db, (page: TiObject[]) => {
      for (const item of page) {
        const data = item?.properties?.data;
        if (!data || typeof data.id !== 'string') continue;
        const validUntil = isoOrNull(data.valid_until);
        const revoked = data.revoked === true ? 1 : 0;
        const active = revoked === 0 && (validUntil === null || validUntil > nowIso) ? 1 : 0;
        // The object itself is kept only for ids the ledger does not know (a revocation or a rebuild needs it).
        const keep = known.get(data.id) === undefined ? JSON.stringify(data) : null;
        insert.run(data.id, isoOrNull(data.modified), validUntil, revoked, typeof data.pattern === 'string' ? data.pattern : null, active, keep);
      }
    });
    for await (const page of client.list(clauses, signal)) {
      insertPage(page);
      await yieldTurn();
    }
    db.exec('DELETE FROM drift');
    const same = `l.modified = g.modified AND l.valid_until = g.valid_until AND l.revoked = g.revoked AND l.pattern = g.pattern`;
    const statements = {
      seen: db.prepare(
        `UPDATE ledger SET seen_at = ?, sentinel_state = NULL WHERE stix_id > ? AND stix_id <= ?
         AND EXISTS (SELECT 1 FROM temp.listed l WHERE l.stix_id = ledger.stix_id AND l.modified = ledger.modified AND l.valid_until = ledger.valid_until
           AND l.revoked = ledger.revoked AND l.pattern = ledger.pattern)`,
      ),
      altered: db.prepare(
        `SELECT g.stix_id, g.tc_type, g.modified, g.valid_until, g.revoked, g.pattern, l.modified AS l_modified, l.valid_until AS l_valid_until,
           l.revoked AS l_revoked, l.pattern AS l_pattern
         FROM ledger g JOIN temp.listed l ON l.stix_id = g.stix_id WHERE g.stix_id > ? AND g.stix_id <= ? AND NOT (${same})`,
      ),
      missing: db.prepare(
        `SELECT stix_id, tc_type FROM ledger g WHERE stix_id > ? AND stix_id <= ? AND revoked = 0
         AND NOT EXISTS (SELECT 1 FROM temp.listed l WHERE l.stix_id = g.stix_id)`,
      ),
      mark: db.prepare('UPDATE ledger SET sentinel_state = ?, seen_at = NULL WHERE stix_id = ?'),
      drift: db.prepare('INSERT OR REPLACE INTO drift (stix_id, kind, tc_type, detail, data, found_at) VALUES (?, ?, ?, ?, ?, ?)'),
      bound: db.prepare('SELECT stix_id FROM ledger WHERE stix_id > ? ORDER BY stix_id LIMIT 1 OFFSET ?'),
    };
    let missing = 0;
    let altered = 0;
    const compareRange = transaction(db, (after: string, last: string) => {
      statements.seen.run(nowIso, after, last);
      for (const row of statements.altered.all(after, last) as unknown as AlteredRow[]) {
        statements.mark.run('altered', row.stix_id);
        statements.drift.run(row.stix_id, 'altered', row.tc_type, describeAlteration(row), null, nowIso);
        altered += 1;
      }
      for (const row of statements.missing.all(after, last) as unknown as Array<{ stix_id: string; tc_type: string }>) {
        statements.mark.run('missing', row.stix_id);
        statements.drift.run(row.stix_id, 'missing', row.tc_type, 'Sent, and not in Sentinel: the next job sends it again', null, nowIso);
        missing += 1;
      }
    });
    for (let after = ''; ;) {
      signal?.throwIfAborted();
      const last = pluck<string>(statements.bound, after, RANGE_ROWS - 1) ?? LAST_KEY;
      compareRange(after, last);
      if (last === LAST_KEY) break;
      after = last;
      await yieldTurn();
    }
    const unknown = db
      .prepare(
        `INSERT INTO drift (stix_id, kind, tc_type, detail, data, found_at)
         SELECT stix_id, 'unknown', NULL, 'In Sentinel under the App''s source, and not in the ledger', data, ? FROM temp.listed WHERE data IS NOT NULL
         AND stix_id NOT IN (SELECT stix_id FROM ledger)`,
      )
      .run(nowIso).changes;
    return { perType: tallyPerType(ctx, nowIso), missing, unknown: Number(unknown), altered };
  } finally {
    db.exec('DROP TABLE IF EXISTS temp.listed');
  }
}

interface AlteredRow {
  stix_id: string;
  tc_type: string;
  modified: string;
  valid_until: string;
  revoked: number;
  pattern: string;
  l_modified: string | null;
  l_valid_until: string | null;
  l_revoked: number;
  l_pattern: string | null;
}

function describeAlteration(row: AlteredRow): string {
  const parts: string[] = [];
  if (row.l_pattern !== row.pattern) parts.push(`pattern: sent ${row.pattern}, Sentinel holds ${row.l_pattern ?? 'none'}`);
  if (row.l_valid_until !== row.valid_until) parts.push(`valid_until: sent ${row.valid_until}, Sentinel holds ${row.l_valid_until ?? 'none'}`);
  if (row.l_revoked !== row.revoked) parts.push(`revoked: sent ${row.revoked === 1}, Sentinel holds ${row.l_revoked === 1}`);
  if (row.l_modified !== row.modified) parts.push(`modified: sent ${row.modified}, Sentinel holds ${row.l_modified ?? 'none'}`);
  return parts.join('; ');
}

/** Per type, active objects: in Sentinel (as listed) and in the ledger; objects unknown to the ledger apart. */
function tallyPerType(ctx: EngineContext, nowIso: string): TypeTally[] {
  const expected = ctx.db
    .prepare('SELECT tc_type AS type, COUNT(*) AS n FROM ledger WHERE revoked = 0 AND valid_until > ? GROUP BY tc_type')
    .all(nowIso) as Array<{ type: string; n: number }>;
  const held = ctx.db
    .prepare('SELECT g.tc_type AS type, COUNT(*) AS n FROM temp.listed l JOIN ledger g ON g.stix_id = l.stix_id WHERE l.active = 1 GROUP BY g.tc_type')
    .all() as Array<{ type: string; n: number }>;
  const unknownActive = pluck<number>(ctx.db.prepare('SELECT COUNT(*) FROM temp.listed WHERE active = 1 AND stix_id NOT IN (SELECT stix_id FROM ledger)')) ?? 0;
  const types = new Map<string, TypeTally>();
  for (const { type, n } of expected) types.set(type, { type, sentinel: 0, expected: n });
  for (const { type, n } of held) types.set(type, { type, sentinel: n, expected: types.get(type)?.expected ?? 0 });
  const list = [...types.values()].sort((a, b) => a.type.localeCompare(b.type));
  if (unknownActive > 0) list.push({ type: 'Unknown to the App', sentinel: unknownActive, expected: 0 });
  return list;
}

/** The drift the last listing found, a page at a time. */
export function listDrift(
  ctx: Pick<EngineContext, 'db'>,
  filter: { kind?: DriftKind; page: number; pageSize: number },
): { items: DriftItem[]; total: number; page: number; pageSize: number } {
  const where = filter.kind ? 'WHERE kind = ?' : '';
  const args = filter.kind ? [filter.kind] : [];
  const total = pluck<number>(ctx.db.prepare(`SELECT COUNT(*) FROM drift ${where}`), ...args) ?? 0;
  const rows = ctx.db
    .prepare(`SELECT stix_id, kind, tc_type, detail, found_at FROM drift ${where} ORDER BY kind, stix_id LIMIT ? OFFSET ?`)
    .all(...args, filter.pageSize, (filter.page - 1) * filter.pageSize) as Array<{
    stix_id: string;
    kind: DriftKind;
    tc_type: string | null;
    detail: string;
    found_at: string;
  }>;
  return {
    items: rows.map((r) => ({ stixId: r.stix_id, kind: r.kind, ...(r.tc_type ? { tcType: r.tc_type } : {}), detail: r.detail, foundAt: r.found_at })),
    total,
    page: filter.page,
    pageSize: filter.pageSize,
  };
}

/** The objects Sentinel holds under the App's source that the ledger does not know, as Sentinel holds them. */
export function* unknownObjects(ctx: Pick<EngineContext, 'db'>): Generator<Record<string, unknown>> {
  const page: Statement = ctx.db.prepare("SELECT stix_id, data FROM drift WHERE kind = 'unknown' AND stix_id > ? ORDER BY stix_id LIMIT 1000");
  for (let after = ''; ;) {
    const rows = page.all(after) as Array<{ stix_id: string; data: string | null }>;
    for (const row of rows) if (row.data) yield JSON.parse(row.data) as Record<string, unknown>;
    if (rows.length < 1000) return;
    after = rows[rows.length - 1]!.stix_id;
  }
}
