// The ledger on SQLite at a million rows: a sent log merged into an empty ledger (first full update) and into a full
// one (every id again), a scan of every row (revoke planning), single-row upserts and lookups (the statement path),
// the start-up check (PRAGMA quick_check over the whole file), the copy made after each job, and the file's size.
// Run: node scripts/bench/run.mjs ledger      (BENCH_LEDGER_ROWS to change the size)
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { backupStateDb, migrate, openCheckedStateDb, openStateDb } from '../../sdk';
import { Ledger } from '../../app/export/state/ledger';
import { EXPORT_MIGRATIONS } from '../../app/export/state/schema';
import { reportBench } from './report';

const ROWS = Number(process.env.BENCH_LEDGER_ROWS ?? 1_000_000);
const SINGLE = Math.min(ROWS, 100_000);

function entry(i: number, job: string, modified: string) {
  const hex = i.toString(16).padStart(12, '0');
  return {
    stixId: `indicator--0000${hex.slice(0, 4)}-1111-5222-8333-${hex}`,
    tcType: 'Host',
    tcId: 100_000 + i,
    owner: 'ABC-Owner',
    pattern: `[domain-name:value = 'host-${i}.example.com']`,
    name: `host-${i}.example.com | ABC-Owner`,
    created: '2024-05-06T07:08:09.000Z',
    validFrom: modified,
    validUntil: '2027-01-01T00:00:00.000Z',
    modified,
    lastJob: job,
  };
}

function writeLog(file: string, job: string, modified: string): void {
  const fd = fs.openSync(file, 'w');
  const lines: string[] = [];
  for (let i = 0; i < ROWS; i += 1) {
    lines.push(Ledger.sentLine(entry(i, job, modified)));
    if (lines.length === 10_000) {
      fs.writeSync(fd, `${lines.join('\n')}\n`);
      lines.length = 0;
    }
  }
  if (lines.length > 0) fs.writeSync(fd, `${lines.join('\n')}\n`);
  fs.closeSync(fd);
}

const seconds = (since: number) => (performance.now() - since) / 1000;
const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-ledger-'));
  try {
    const file = path.join(dir, 'state.db');
    const db = openStateDb(file);
    migrate(db, 'export', EXPORT_MIGRATIONS);
    const ledger = new Ledger(db);
    const log = path.join(dir, 'sent.log');

    writeLog(log, 'job-1', '2026-01-01T00:00:00.000Z');
    let t = performance.now();
    await ledger.mergeSentLog(log);
    const mergeEmpty = seconds(t);

    writeLog(log, 'job-2', '2026-01-02T00:00:00.000Z');
    t = performance.now();
    await ledger.mergeSentLog(log);
    const mergeFull = seconds(t);

    t = performance.now();
    let scanned = 0;
    for await (const _ of ledger.activeNotSentBy('job-3')) scanned += 1;
    const scan = seconds(t);
    if (scanned !== ROWS) throw new Error(`scan found ${scanned} rows, expected ${ROWS}`);

    t = performance.now();
    db.exec('BEGIN');
    for (let i = 0; i < SINGLE; i += 1) ledger.recordSent(entry(i * 7, 'job-4', '2026-01-03T00:00:00.000Z'));
    db.exec('COMMIT');
    const upserts = seconds(t);

    t = performance.now();
    for (let i = 0; i < SINGLE; i += 1) if (!ledger.get(entry(i * 3, '', '').stixId)) throw new Error(`row ${i * 3} missing`);
    const gets = seconds(t);

    db.close();
    const sizeMb = fs.statSync(file).size / 2 ** 20;
    // What a start-up costs: the file checked (read-only quick_check) and opened.
    t = performance.now();
    const opened = openCheckedStateDb(file);
    const startCheck = seconds(t);
    if (opened.condition.status !== 'ok') throw new Error(`start-up check: ${JSON.stringify(opened.condition)}`);
    // What follows each successful job: a consistent copy with SQLite's online backup.
    t = performance.now();
    await backupStateDb(opened.db, path.join(dir, 'state-backups'));
    const copy = seconds(t);
    opened.db.close();

    reportBench('ledger', {
      rows: { value: ROWS, unit: 'ledger rows' },
      mergeIntoEmpty: { value: Math.round(ROWS / mergeEmpty), unit: 'rows/s, sent log merged into an empty ledger' },
      mergeIntoFull: { value: Math.round(ROWS / mergeFull), unit: 'rows/s, sent log merged into a full ledger (every id again)' },
      scan: { value: Math.round(ROWS / scan), unit: 'rows/s, every row scanned (revoke planning)' },
      upserts: { value: Math.round(SINGLE / upserts), unit: 'rows/s, single-row upserts in one transaction' },
      gets: { value: Math.round(SINGLE / gets), unit: 'lookups/s by STIX id' },
      quickCheck: { value: round(startCheck), unit: 's, start-up check (PRAGMA quick_check of the whole file, read-only) and open' },
      backup: { value: round(copy), unit: 's, consistent copy of state.db after a job (online backup)' },
      fileSize: { value: Math.round(sizeMb), unit: 'MB state.db' },
    });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
