import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { EXPORT_MIGRATIONS } from '../../../app/export/state/schema';
import { ConfigStore } from '../../../app/export/state/config-store';
import { KvStore } from '../../../app/export/state/kv-store';
import { Ledger, type LedgerEntry } from '../../../app/export/state/ledger';
import { LineWriter, readLines } from '../../../app/export/staging';
import type { QueryConfig } from '../../../app/export/types';

function openDb() {
  const db = new Database(':memory:');
  for (const m of EXPORT_MIGRATIONS) db.exec(m);
  return db;
}

const query: QueryConfig = { owners: ['Org'], indicatorTypes: ['Address'], tql: 'rating >= 3', sortField: 'dateAdded', sortDirection: 'asc' };

function entry(i: number, over: Partial<LedgerEntry> = {}): Omit<LedgerEntry, 'revoked'> {
  return {
    stixId: `indicator--00000000-0000-5000-8000-${String(i).padStart(12, '0')}`,
    tcType: 'Address',
    tcId: 1000 + i,
    owner: 'Org',
    pattern: `[ipv4-addr:value = '10.0.0.${i}']`,
    name: `10.0.0.${i} | Org`,
    created: '2026-01-01T00:00:00.000Z',
    validFrom: '2026-01-02T00:00:00.000Z',
    validUntil: `2026-01-${String(3 + (i % 20)).padStart(2, '0')}T00:00:00.000Z`,
    modified: '2026-01-02T00:00:00.000Z',
    lastJob: i % 2 ? 'job-a' : 'job-b',
    ...over,
  };
}

describe('ConfigStore', () => {
  it('starts empty with a full update pending, saves with growing revisions, sets the next mode', () => {
    const store = new ConfigStore(openDb());
    expect(store.get()).toEqual({ queries: [], nextUpdate: 'full', revision: 0 });
    expect(store.save({ queries: [query], nextUpdate: 'delta' })).toEqual({ queries: [query], nextUpdate: 'delta', revision: 1 });
    expect(store.save({ queries: [query, query], nextUpdate: 'full' }).revision).toBe(2);
    store.setNextUpdate('delta');
    expect(store.get()).toMatchObject({ nextUpdate: 'delta', revision: 2 });
  });
});

describe('KvStore', () => {
  it('sets, overwrites and deletes values', () => {
    const kv = new KvStore(openDb());
    expect(kv.get('watermark')).toBeUndefined();
    kv.set('watermark', 'a');
    kv.set('watermark', 'b');
    expect(kv.get('watermark')).toBe('b');
    kv.delete('watermark');
    expect(kv.get('watermark')).toBeUndefined();
  });
});

describe('Ledger', () => {
  const db = openDb();
  const ledger = new Ledger(db);
  db.transaction(() => {
    for (let i = 0; i < 5000; i++) ledger.recordSent(entry(i));
  })();

  it('upserts and reads entries', () => {
    ledger.recordSent(entry(7, { name: 'renamed', lastJob: 'job-c' }));
    expect(ledger.get(entry(7).stixId)).toMatchObject({ name: 'renamed', lastJob: 'job-c', revoked: false });
    expect(ledger.counts()).toEqual({ active: 5000, revoked: 0 });
  });

  it('iterates candidates in chunks while the caller writes between items', () => {
    let n = 0;
    for (const e of ledger.activeNotSentBy('job-a')) {
      ledger.recordRevoked(e.stixId, '2026-02-01T00:00:00.000Z', '2026-02-01T00:00:00.000Z', 'job-r');
      n += 1;
    }
    expect(n).toBe(2501); // job-b's 2500 entries and the one moved to job-c
    expect(ledger.counts()).toEqual({ active: 2499, revoked: 2501 });
    expect(ledger.get(entry(0).stixId)).toMatchObject({ revoked: true, lastJob: 'job-r' });
  });

  it('finds active entries expiring before a time and by TC id; re-sending reactivates', () => {
    const expiring = [...ledger.activeExpiringBefore('2026-01-05T00:00:00.000Z')];
    expect(expiring.every((e) => e.validUntil < '2026-01-05T00:00:00.000Z' && !e.revoked)).toBe(true);
    expect(expiring.length).toBe(250); // active (odd) entries with i % 20 === 1 expire on the 4th
    expect([...ledger.activeForTcIds(new Set([1001, 1002, 999999]))].map((e) => e.tcId)).toEqual([1001]);
    ledger.recordSent(entry(2));
    expect(ledger.get(entry(2).stixId)!.revoked).toBe(false);
  });
});

describe('staging files', () => {
  it('writes lines through a buffer and reads them back across chunk boundaries', async () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'staging-')), 'x', 'lines.ndjson');
    const writer = new LineWriter(file);
    const lines = Array.from({ length: 30_000 }, (_, i) => `{"i":${i},"pad":"${'é'.repeat(i % 97)}"}`);
    for (const l of lines) writer.write(l);
    writer.close();
    expect(writer.lines).toBe(30_000);
    const back: string[] = [];
    for await (const l of readLines(file)) back.push(l);
    expect(back).toEqual(lines);
  });

  it('discard removes the file', () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'staging-')), 'gone.ndjson');
    const writer = new LineWriter(file);
    writer.write('a');
    writer.discard();
    expect(fs.existsSync(file)).toBe(false);
  });
});
