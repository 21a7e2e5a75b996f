import fs from 'node:fs';
import { changes, pluck, pluckAll, transaction, type Database, type Statement } from '../../../sdk';
import { freeBuffer, lineDone, readLineChunks } from '../files/line-files';
import { COLUMNS, LAST_KEY, ON_CONFLICT, yieldTurn, type SentRow } from './ledger-sql';

/**
 * The columns of a sent-log line (a JSON array in COLUMNS order, length `n`), as SQLite reads them from json_each.
 * A line of 11 is one written before digests were kept (by a job an upgrade interrupted): its digest is null.
 */
const SENT_FIELDS =
  'j ->> 0, j ->> 1, j ->> 2, j ->> 3, j ->> 4, j ->> 5, j ->> 6, CASE WHEN n = 12 THEN j ->> 7 END, j ->> (n - 4), j ->> (n - 3), j ->> (n - 2), j ->> (n - 1)';
/** Bytes of sent log loaded per statement while it is merged (some 12,000 lines). */
const MERGE_CHUNK_BYTES = 4 << 20;
const EMPTY_ARRAY = '[]';
/** Rows per transaction while a sent log is merged (the event loop gets a turn between them). */
const MERGE_CHUNK = 20_000;
/**
 * Rows per run of a sent log being merged: a run's index is built in one go (~0.2 s per 50,000 rows on a 2-core
 * machine, ~0.3 s on a slower one), where one index over a million rows held the event loop for ~4 s.
 */
const MERGE_RUN_ROWS = 50_000;

let mergeCount = 0;

/** A sent log loaded into temporary tables as it grows, then merged into the ledger (see Ledger.startMerge). */
export class SentLogMerge {
  readonly #runRows: number;
  /**
   * The runs so far, oldest first: temporary tables of consecutive stretches of the log, each indexed once full
   * (every run but the last is indexed; `finish` indexes the last).
   */
  readonly #runs: MergeRun[] = [];
  /** Bytes of the log loaded so far (always a line's end). */
  #loaded = 0;
  /** Names this merge's tables apart from any other's on the connection. */
  readonly #id = (mergeCount += 1);
  #done = false;

  /** `runRows`: rows per run (each run's index is built in one go, holding the event loop for its time). */
  constructor(
    private readonly db: Database,
    private readonly file: string,
    { runRows = MERGE_RUN_ROWS }: { runRows?: number } = {},
  ) {
    this.#runRows = runRows;
    dropMergeTables(db);
  }

  /**
   * Loads the whole lines the log holds beyond what is loaded, once there are at least `atLeast` bytes of them
   * (call it between batches: a few milliseconds per 4 MiB, a fraction of a second when a run fills and is indexed).
   */
  loadWritten(atLeast = MERGE_CHUNK_BYTES): void {
    let size: number;
    try {
      size = fs.statSync(this.file).size;
    } catch {
      return; // nothing written yet
    }
    if (size - this.#loaded < atLeast) return;
    const chunk = Buffer.allocUnsafeSlow(size - this.#loaded);
    try {
      const fd = fs.openSync(this.file, 'r');
      let read: number;
      try {
        read = fs.readSync(fd, chunk, 0, chunk.length, this.#loaded);
      } finally {
        fs.closeSync(fd);
      }
      const end = chunk.lastIndexOf(10, read - 1) + 1; // whole lines only
      if (end === 0) return;
      this.#load(chunk.subarray(0, end));
      this.#loaded += end;
    } finally {
      freeBuffer(chunk);
    }
  }

  /**
   * Loads the rest of the log and merges it all into the ledger: key range by key range, each range from every
   * run in log order (so the last copy of an id wins) in one transaction, the event loop getting a turn between.
   * @returns the rows merged
   */
  async finish(): Promise<number> {
    const { db } = this;
    try {
      for await (const chunk of readLineChunks(this.file, MERGE_CHUNK_BYTES, this.#loaded)) {
        this.#load(chunk);
        lineDone(chunk);
        await yieldTurn();
      }
      const lastRun = this.#runs[this.#runs.length - 1];
      if (lastRun) this.#index(lastRun);
      const total = this.#runs.reduce((sum, run) => sum + run.rows, 0);
      if (total === 0) return 0;
      // Ranges are cut from the first (largest) run's keys, about MERGE_CHUNK rows of all runs each; they end on a
      // whole id, so every copy of an id is merged in one transaction, in the order it was sent.
      const [first] = this.#runs;
      const step = Math.max(1, Math.round((MERGE_CHUNK * first!.rows) / total));
      const bound = db.prepare(`SELECT stix_id FROM temp.${first!.table} WHERE stix_id > ? ORDER BY stix_id LIMIT 1 OFFSET ?`);
      const upserts = this.#runs.map((run) =>
        db.prepare(
          `INSERT INTO ledger (${COLUMNS}, revoked) SELECT ${COLUMNS}, 0 FROM temp.${run.table}
           WHERE stix_id > ? AND stix_id <= ? ORDER BY stix_id, seq ${ON_CONFLICT}`,
        ),
      );
      const upsertRange = transaction(db, (after: string, last: string) => {
        for (const upsert of upserts) upsert.run(after, last);
      });
      for (let after = ''; ;) {
        const last = pluck<string>(bound, after, step - 1) ?? LAST_KEY;
        upsertRange(after, last);
        if (last === LAST_KEY) break;
        after = last;
        await yieldTurn();
      }
      return total;
    } finally {
      // A run's table goes at a time (dropping a million rows in one go held the event loop for ~0.4 s).
      for (let run = this.#runs.shift(); run && !this.#done; run = this.#runs.shift()) {
        this.db.exec(`DROP TABLE IF EXISTS temp.${run.table}`);
        await yieldTurn();
      }
      this.discard();
    }
  }

  /** Gives the merge up (nothing of it reached the ledger): drops its tables, and no other merge's. */
  discard(): void {
    if (this.#done) return;
    this.#done = true;
    for (const run of this.#runs.splice(0)) this.db.exec(`DROP TABLE IF EXISTS temp.${run.table}`);
  }

  /** The run taking rows now: the last, unless it is full (then it is indexed and a new one begins). */
  #openRun(): MergeRun {
    const { db } = this;
    const last = this.#runs[this.#runs.length - 1];
    if (last && last.rows < this.#runRows) return last;
    if (last) this.#index(last);
    const table = `sent_merge_${this.#id}_${this.#runs.length}`;
    db.exec(`CREATE TEMP TABLE ${table} (seq INTEGER PRIMARY KEY, stix_id TEXT NOT NULL, tc_type TEXT NOT NULL, tc_id INTEGER NOT NULL,
      owner TEXT NOT NULL, pattern TEXT NOT NULL, name TEXT NOT NULL, created TEXT NOT NULL, digest TEXT, valid_from TEXT NOT NULL,
      valid_until TEXT NOT NULL, modified TEXT NOT NULL, last_job TEXT NOT NULL)`);
    const run: MergeRun = {
      table,
      rows: 0,
      insertJson: db.prepare(
        `INSERT INTO temp.${table} (${COLUMNS}) SELECT ${SENT_FIELDS} FROM (SELECT jsonb(value) AS j, json_array_length(value) AS n, key FROM json_each(CAST(? AS TEXT))
         WHERE json_array_length(value) IN (11, 12) AND json_type(value, '$[0]') = 'text' ORDER BY key)`,
      ),
      insertRow: db.prepare(`INSERT INTO temp.${table} (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
    };
    this.#runs.push(run);
    return run;
  }

  /** Covering: the key-ordered passes of `finish` read the index alone, never the table in random order. */
  #index(run: MergeRun): void {
    this.db.exec(`CREATE INDEX temp.${run.table}_key ON ${run.table} (stix_id, seq, ${COLUMNS.split(', ').slice(1).join(', ')})`);
  }

  #load(chunk: Buffer): void {
    const run = this.#openRun();
    const array = Buffer.allocUnsafeSlow(chunk.length + 2);
    array[0] = 0x5b; // [
    chunk.copy(array, 1);
    let last = chunk.length; // where the closing bracket goes: after the last line, less its newline
    if (chunk[chunk.length - 1] === 10) last -= 1;
    for (let nl = array.indexOf(10, 1); nl >= 0 && nl <= last; nl = array.indexOf(10, nl + 1)) array[nl] = 0x2c; // ,
    array[last + 1] = 0x5d; // ]
    // A chunk of lines goes in as one JSON array (its newlines made commas), unpacked by SQLite, each line read
    // once as JSONB, nothing decoded here; a chunk holding a line that does not parse (torn by a crash) goes in
    // line by line instead, without that line.
    try {
      run.rows += changes(run.insertJson.run(array.subarray(0, last + 2)));
      // A statement keeps its last parameters (SQLite's own copy) until it runs again: an empty array lets the
      // chunk's megabytes go now rather than when the merge ends (some 80 MB over a million rows otherwise).
      run.insertJson.run(EMPTY_ARRAY);
    } catch {
      transaction(this.db, () => {
        for (let start = 0; start < chunk.length;) {
          const nl = chunk.indexOf(10, start);
          const end = nl < 0 ? chunk.length : nl;
          const row = parseSentLine(chunk.toString('utf8', start, end));
          if (row) run.rows += changes(run.insertRow.run(...row));
          start = end + 1;
        }
      })();
    } finally {
      freeBuffer(array);
    }
  }
}

/** One run of a merge: its temporary table, the rows in it, and its statements for a chunk of lines and one line. */
interface MergeRun {
  table: string;
  rows: number;
  insertJson: Statement;
  insertRow: Statement;
}

/** Drops the temporary tables of an earlier merge on this connection. */
function dropMergeTables(db: Database): void {
  const tables = pluckAll<string>(db.prepare("SELECT name FROM temp.sqlite_master WHERE type = 'table' AND name LIKE 'sent\\_merge\\_%' ESCAPE '\\'"));
  for (const table of tables) db.exec(`DROP TABLE IF EXISTS temp.${table}`);
}

function parseSentLine(line: string): SentRow | undefined {
  try {
    const row = JSON.parse(line) as unknown;
    if (!Array.isArray(row) || typeof row[0] !== 'string') return undefined;
    if (row.length === 12) return row as SentRow;
    // A line from before digests were kept.
    return row.length === 11 ? ([...row.slice(0, 7), null, ...row.slice(7)] as SentRow) : undefined;
  } catch {
    return undefined;
  }
}
