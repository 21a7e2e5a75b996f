import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DatabaseSync as Database, pluck, pluckAll, transaction } from '../../../sdk/state/sqlite';
import { EXPORT_MIGRATIONS } from '../../../app/export/state/schema';
import { ConfigStore } from '../../../app/export/state/config-store';
import { KvStore } from '../../../app/export/state/kv-store';
import { Ledger, type LedgerEntry, type SentEntry } from '../../../app/export/state/ledger';
import { LineWriter, readLineBuffers, readLineChunks, readLines } from '../../../app/export/files/line-files';
import type { QueryConfig } from '../../../app/export/types';

function openDb() {
  const db = new Database(':memory:');
  for (const m of EXPORT_MIGRATIONS) db.exec(m);
  return db;
}

const query: QueryConfig = { owners: ['Org'], indicatorTypes: ['Address'], tql: 'rating >= 3', sortField: 'dateAdded', sortDirection: 'asc' };

function entry(i: number, over: Partial<SentEntry> = {}): SentEntry {
  return {
    stixId: `indicator--00000000-0000-5000-8000-${String(i).padStart(12, '0')}`,
    tcType: 'Address',
    tcId: 1000 + i,
    owner: 'Org',
    pattern: `[ipv4-addr:value = '10.0.0.${i}']`,
    name: `10.0.0.${i} | Org`,
    created: '2026-01-01T00:00:00.000Z',
    digest: `digest-${i}`,
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

/** Everything an async iterable yields, in order. */
async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

describe('Ledger', () => {
  const db = openDb();
  const ledger = new Ledger(db);
  transaction(db, () => {
    for (let i = 0; i < 5000; i++) ledger.recordSent(entry(i));
  })();

  it('upserts and reads entries', () => {
    ledger.recordSent(entry(7, { name: 'renamed', lastJob: 'job-c' }));
    expect(ledger.get(entry(7).stixId)).toMatchObject({ name: 'renamed', lastJob: 'job-c', revoked: false });
    expect(ledger.counts()).toEqual({ active: 5000, revoked: 0 });
  });

  it('iterates candidates in chunks while the caller writes between items', async () => {
    let n = 0;
    for await (const e of ledger.activeNotSentBy('job-a')) {
      ledger.recordRevoked(e.stixId, '2026-02-01T00:00:00.000Z', '2026-02-01T00:00:00.000Z', 'job-r');
      n += 1;
    }
    expect(n).toBe(2501); // job-b's 2500 entries and the one moved to job-c
    expect(ledger.counts()).toEqual({ active: 2499, revoked: 2501 });
    expect(ledger.get(entry(0).stixId)).toMatchObject({ revoked: true, lastJob: 'job-r' });
  });

  it('finds active entries expiring before a time; re-sending reactivates', async () => {
    const expiring = await collect(ledger.activeExpiringBefore('2026-01-05T00:00:00.000Z'));
    expect(expiring.every((e) => e.validUntil < '2026-01-05T00:00:00.000Z' && !e.revoked)).toBe(true);
    expect(expiring.length).toBe(250); // active (odd) entries with i % 20 === 1 expire on the 4th
    ledger.recordSent(entry(2));
    expect(ledger.get(entry(2).stixId)!.revoked).toBe(false);
  });
});

describe('Ledger scans', () => {
  const db = openDb();
  transaction(db, () => {
    const ledger = new Ledger(db);
    for (let i = 0; i < 3000; i++) ledger.recordSent(entry(i, i % 7 === 0 ? { lastJob: 'job-c' } : {}));
    for (let i = 0; i < 3000; i += 11) ledger.recordRevoked(entry(i).stixId, '2026-02-01T00:00:00.000Z', '2026-02-01T00:00:00.000Z', 'job-r');
  })();
  const ids = (sql: string, ...args: unknown[]) =>
    pluckAll<string>(db.prepare(`SELECT stix_id FROM ledger WHERE ${sql} ORDER BY stix_id`), ...(args as string[]));

  it.each([
    [1, 1],
    [7, 3],
    [700, 50],
    [2999, 2000],
    [20000, 2000],
  ])('finds exactly what one query over the whole ledger finds, in key order (windows of %i rows, chunks of %i)', async (scanWindow, scanChunk) => {
    const ledger = new Ledger(db, { scanWindow, scanChunk });
    const stixIds = async (items: AsyncIterable<LedgerEntry>) => (await collect(items)).map((e) => e.stixId);
    expect(await stixIds(ledger.activeNotSentBy('job-a'))).toEqual(ids("revoked = 0 AND last_job != 'job-a'"));
    const idsAndOwners = await collect(ledger.activeIdsNotSentBy('job-a'));
    expect(idsAndOwners.map((e) => e.stixId)).toEqual(ids("revoked = 0 AND last_job != 'job-a'"));
    expect(idsAndOwners.every((e) => Object.keys(e).join() === 'stixId,owner' && e.owner === ledger.get(e.stixId)!.owner)).toBe(true);
    expect(await stixIds(ledger.activeExpiringBefore('2026-01-07T00:00:00.000Z'))).toEqual(ids("revoked = 0 AND valid_until < '2026-01-07T00:00:00.000Z'"));
  });

  it('gives the event loop a turn between windows, and lets the caller write between entries', async () => {
    const ledger = new Ledger(db, { scanWindow: 500 });
    let turns = 0;
    const tick = setInterval(() => (turns += 1), 0);
    let seen = 0;
    try {
      for await (const e of ledger.activeNotSentBy('nobody')) {
        if (e.tcId % 2 === 0) db.prepare('UPDATE ledger SET name = ? WHERE stix_id = ?').run('touched', e.stixId);
        seen += 1;
      }
    } finally {
      clearInterval(tick);
    }
    expect(seen).toBe(ids('revoked = 0').length);
    expect(turns).toBeGreaterThan(2);
  });
});

describe('Ledger.mergeSentLog', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sent-log-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  const all = (db: Database) => db.prepare('SELECT * FROM ledger ORDER BY stix_id').all();

  it.each([
    ['one run', undefined],
    ['runs of 4,000 rows', 4000],
  ])('records what recordSent would, across chunk boundaries, the last copy of an id winning; a torn line is skipped (%s)', async (_, runRows) => {
    const file = path.join(dir, `sent-${runRows ?? 'one'}.ndjson`);
    const directDb = openDb();
    const direct = new Ledger(directDb);
    const merged = openDb();
    const ledger = new Ledger(merged);
    // Older rows already in the ledger: the log's rows replace them (and reactivate a revoked one).
    transaction(merged, () => {
      for (let i = 0; i < 30_000; i += 3) ledger.recordSent(entry(i, { name: 'old' }));
    })();
    ledger.recordRevoked(entry(3).stixId, '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z', 'job-r');
    const writer = new LineWriter(file);
    const rows: SentEntry[] = [];
    // Shuffled ids, every seventh sent twice (a batch re-sent after a restart), the later copy newer.
    for (let k = 0; k < 45_000; k++) rows.push(entry((k * 7919) % 45_000));
    for (let k = 0; k < 45_000; k += 7) rows.push(entry((k * 7919) % 45_000, { modified: '2026-01-09T00:00:00.000Z', lastJob: 'job-z' }));
    for (const row of rows) writer.write(Ledger.sentLine(row));
    writer.close();
    fs.appendFileSync(file, '["indicator--torn'); // a crash mid-write
    expect(await ledger.mergeSentLog(file, { runRows })).toBe(rows.length);
    // The reference: the same rows recorded one by one (every id is in the log, so the older rows do not show).
    transaction(directDb, () => {
      for (const row of rows) direct.recordSent(row);
    })();
    const expected = all(directDb);
    expect(all(merged)).toEqual(expected);
    expect(ledger.get(entry((7 * 7919) % 45_000).stixId)).toMatchObject({ modified: '2026-01-09T00:00:00.000Z', lastJob: 'job-z', revoked: false });
    expect(ledger.get(entry(3).stixId)!.revoked).toBe(false);
    // Merging again (a job resumed after the merge) changes nothing.
    await ledger.mergeSentLog(file, { runRows });
    expect(all(merged)).toEqual(expected);
  });

  it('merges a log loaded while it was written exactly as one merged whole, touching the ledger only at the end', async () => {
    const rows = Array.from({ length: 20_000 }, (_, k) => entry((k * 7919) % 15_000, k >= 15_000 ? { lastJob: 'job-again' } : {}));
    const whole = path.join(dir, 'whole.ndjson');
    const growing = path.join(dir, 'growing.ndjson');
    const referenceDb = openDb();
    const reference = new Ledger(referenceDb);
    const wholeWriter = new LineWriter(whole);
    for (const row of rows) wholeWriter.write(Ledger.sentLine(row));
    wholeWriter.close();
    await reference.mergeSentLog(whole);
    const db = openDb();
    const ledger = new Ledger(db);
    // Runs of 3,000 rows: several fill (and are indexed) while the log is written, the last when it is merged.
    const merge = ledger.startMerge(growing, { runRows: 3000 });
    merge.loadWritten(1); // nothing written yet
    const writer = new LineWriter(growing);
    for (let k = 0; k < rows.length; k++) {
      writer.write(Ledger.sentLine(rows[k]!));
      if (k % 997 === 0) {
        writer.flush();
        merge.loadWritten(k % 2 === 0 ? 1 : 64 << 10); // loads what is there, or waits for 64 KiB of it
      }
    }
    writer.close();
    expect(ledger.counts()).toEqual({ active: 0, revoked: 0 });
    expect(await merge.finish()).toBe(rows.length);
    expect(all(db)).toEqual(all(referenceDb));
    expect(pluck(db.prepare("SELECT COUNT(*) FROM temp.sqlite_master WHERE name LIKE 'sent_merge%'"))).toBe(0);
  });

  it('drops only its own tables when given up, not those of a merge begun after it', async () => {
    const file = path.join(dir, 'given-up.ndjson');
    const writer = new LineWriter(file);
    for (let i = 0; i < 50; i++) writer.write(Ledger.sentLine(entry(i)));
    writer.close();
    const db = openDb();
    const ledger = new Ledger(db);
    const first = ledger.startMerge(file);
    first.loadWritten(1);
    const second = ledger.startMerge(file);
    second.loadWritten(1);
    first.discard();
    expect(await second.finish()).toBe(50);
    expect(ledger.counts()).toEqual({ active: 50, revoked: 0 });
  });

  it('merges an empty log', async () => {
    const file = path.join(dir, 'empty.ndjson');
    fs.writeFileSync(file, '');
    const ledger = new Ledger(openDb());
    expect(await ledger.mergeSentLog(file)).toBe(0);
    expect(ledger.counts()).toEqual({ active: 0, revoked: 0 });
  });
});

describe('staging files', () => {
  it('appends after the last complete line, dropping a torn one', async () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'staging-')), 'append.ndjson');
    const first = new LineWriter(file);
    first.write('{"a":1}');
    first.write('{"a":2}');
    first.close();
    fs.appendFileSync(file, '{"a":'); // torn by a crash
    const again = new LineWriter(file, { append: true });
    again.write('{"a":3}');
    again.close();
    const lines: string[] = [];
    for await (const line of readLines(file)) lines.push(line);
    expect(lines).toEqual(['{"a":1}', '{"a":2}', '{"a":3}']);
    const fresh = new LineWriter(path.join(path.dirname(file), 'new.ndjson'), { append: true });
    fresh.write('x');
    fresh.close();
    expect(fs.readFileSync(fresh.file, 'utf8')).toBe('x\n');
  });

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
    const bytes: string[] = [];
    for await (const l of readLineBuffers(file)) bytes.push(l.toString());
    expect(bytes).toEqual(lines);
  });

  it('reads back a line longer than two read chunks, and the lines around it, as lines and as chunks of whole lines', async () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'staging-')), 'long.ndjson');
    const lines = ['first', 'x'.repeat((5 << 20) / 2), 'third', `${'y'.repeat(1 << 20)}z`, 'last'];
    fs.writeFileSync(file, `${lines.join('\n')}\n`);
    const back: string[] = [];
    for await (const l of readLineBuffers(file)) back.push(l.toString());
    expect(back).toEqual(lines);
    const chunks: string[] = [];
    for await (const c of readLineChunks(file, 1 << 20)) chunks.push(c.toString());
    expect(chunks.every((c) => c.endsWith('\n'))).toBe(true);
    expect(chunks.join('')).toBe(`${lines.join('\n')}\n`);
  });

  it('writes lines given as parts of bytes and text, mixed with text lines', async () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'staging-')), 'parts.ndjson');
    const writer = new LineWriter(file);
    const expected: string[] = [];
    for (let i = 0; i < 20_000; i += 1) {
      const text = `{"n":${i},"s":"${'ü'.repeat(i % 50)}"}`;
      if (i % 3 === 0) writer.write(text);
      else writer.writeParts(['[', Buffer.from(text), `,${i}]`]);
      expected.push(i % 3 === 0 ? text : `[${text},${i}]`);
    }
    writer.close();
    expect(fs.readFileSync(file, 'utf8')).toBe(`${expected.join('\n')}\n`);
  });

  it('closeAsync writes what is buffered and closes once; a second close does nothing', async () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'staging-')), 'kept.ndjson');
    const writer = new LineWriter(file);
    writer.write('first');
    writer.writeParts([Buffer.from('sec'), 'ond']);
    await writer.closeAsync();
    await writer.closeAsync();
    writer.close();
    expect(fs.readFileSync(file, 'utf8')).toBe('first\nsecond\n');
    expect(writer.lines).toBe(2);
  });

  it('discard removes the file', () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'staging-')), 'gone.ndjson');
    const writer = new LineWriter(file);
    writer.write('a');
    writer.discard();
    expect(fs.existsSync(file)).toBe(false);
  });
});
