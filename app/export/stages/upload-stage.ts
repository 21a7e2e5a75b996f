import { validityWindow } from '../../stix/timing';
import type { EngineContext, JobCheckpoint } from '../engine-context';
import { LineWriter, lineDone, readLineBuffers } from '../files/line-files';
import { Ledger } from '../state/ledger';
import type { JobProgress } from '../job-progress';
import { readObjectLine, type ObjectMeta } from '../convert/convert-line';
import { jobFiles } from '../files/job-files';
import { runTask } from '../run-task';
import { sendInBatches, type PreparedObject } from './send-batches';
import { idAndContentDigest, KeySet } from '../files/key-set';
import { renewalHorizon } from './renewal-horizon';

/** The upload-time fields that go in front of a staged object: `modified`, `valid_from` and `valid_until`. */
function timingHead(modified: string, validUntil: string): Buffer {
  return Buffer.from(`{"modified":"${modified}","valid_from":"${modified}","valid_until":"${validUntil}",`);
}

/** What the objects of one batch with one time-to-live share: their times, as JSON and as a sent-log line's end. */
interface BatchTimes {
  validFrom: string;
  validUntil: string;
  head: Buffer;
  suffix: Buffer;
}

const QUOTE = 0x22;
/** Ledger rows per statement while the objects Sentinel holds as they are gathered. */
const CURRENT_CHUNK = 5000;

/** The key of an object's id and content digest, read from its staged line's ledger fields (id first, digest last). */
function idAndDigest(rowFields: Buffer): string {
  const id = rowFields.toString('latin1', 1, rowFields.indexOf(QUOTE, 1));
  const digest = rowFields.toString('latin1', rowFields.lastIndexOf(QUOTE, rowFields.length - 2) + 1, rowFields.length - 1);
  return `${id} ${digest}`;
}

/**
 * A full update with reconciliation on sends only what it must: new objects, changed ones (another content
 * digest), those a listing has not shown in Sentinel since they were last sent (missing, altered, or not listed
 * yet), and those that would expire before the run after next. The rest is already current there: this set holds
 * their ids and digests. Without reconciliation, or when "Force re-send all" was asked, there is none: everything
 * is sent, as the guide describes. (A count alone never says which objects are there, so only a listing counts.)
 */
async function currentInSentinel(ctx: EngineContext, cp: JobCheckpoint): Promise<KeySet | undefined> {
  if (cp.effectiveMode !== 'full' || cp.resendAll || !ctx.reconciler) return undefined;
  const horizon = renewalHorizon(ctx).toISOString();
  const chunk = ctx.db.prepare(
    `SELECT stix_id, digest FROM ledger WHERE stix_id > ? AND revoked = 0 AND digest IS NOT NULL AND seen_at IS NOT NULL
     AND sentinel_state IS NULL AND valid_until > ? ORDER BY stix_id LIMIT ?`,
  );
  const current = new KeySet(idAndContentDigest);
  for (let after = ''; ;) {
    const rows = chunk.all(after, horizon, CURRENT_CHUNK) as Array<{ stix_id: string; digest: string }>;
    for (const row of rows) current.add(`${row.stix_id} ${row.digest}`);
    if (rows.length < CURRENT_CHUNK) return current;
    after = rows[rows.length - 1]!.stix_id;
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}

/** The lines to send: those not already current in Sentinel (each of those counted, and given back at once). */
async function* toSend(lines: AsyncIterable<Buffer>, current: KeySet | undefined, onCurrent: () => void): AsyncGenerator<Buffer> {
  for await (const line of lines) {
    if (current?.has(idAndDigest(readObjectLine(line).rowFields))) {
      onCurrent();
      lineDone(line);
    } else yield line;
  }
}

/** Where the upload stage's lines come from: the objects file, complete or still being written. */
export interface UploadSource {
  lines: AsyncIterable<Buffer>;
  totalLines(): number;
  /** The objects of an interrupted earlier attempt (see SendOptions.previous). */
  previous?: AsyncIterable<Buffer>;
}

/**
 * Stage 3: sends the converted objects to Sentinel (paced by the uploader), as they are converted, recording each rejected one as an
 * error with what identifies it in ThreatConnect and each accepted one in the sent log, which is merged into the
 * ledger when the stage ends (also when it fails; a stage stopped by shutdown merges when the job resumes). Each
 * batch's log lines reach the file before its checkpoint commits, so a crash loses no record of an answered batch.
 */
export async function runUploadStage(
  ctx: EngineContext,
  requestId: string,
  cp: JobCheckpoint,
  progress: JobProgress,
  signal: AbortSignal,
  source?: UploadSource,
) {
  const files = jobFiles(ctx.options.outPath, requestId);
  const staged = source ?? { lines: readLineBuffers(files.objects), totalLines: () => cp.objectLines ?? 0 };
  await runTask(ctx, { name: 'Upload to Microsoft Sentinel', kind: 'upload', requestId }, async () => {
    // Counted afresh on every attempt: a resumed stage reads every line again.
    progress.counts.current = 0;
    const current = await currentInSentinel(ctx, cp);
    const lines = toSend(staged.lines, current, () => progress.add('current'));
    const totalLines = () => staged.totalLines() - progress.counts.current;
    // The lines an interrupted attempt sent went through the same filter.
    const previous = staged.previous && toSend(staged.previous, current, () => undefined);
    const sentLog = new LineWriter(files.sent, { append: true });
    // The sent log is loaded for the ledger while the upload goes on; the ledger takes it all when the stage ends.
    const merge = ctx.ledger.startMerge(files.sent);
    let mergeSeconds = 0;
    // Every object of a batch shares its times: worked out once per batch and time-to-live.
    let timesFor: { modified: Date; byTtl: Map<number, BatchTimes> } | undefined;
    const timesOf = (modified: Date, ttlHours: number) => {
      if (timesFor?.modified !== modified) timesFor = { modified, byTtl: new Map() };
      let times = timesFor.byTtl.get(ttlHours);
      if (!times) {
        // The converter's rule (timing.ts), at the time the batch goes.
        const { validFrom, validUntil } = validityWindow(modified.getTime(), ttlHours);
        times = {
          validFrom,
          validUntil,
          head: timingHead(validFrom, validUntil),
          suffix: Ledger.sentLineSuffix({ validFrom, validUntil, modified: validFrom }, requestId),
        };
        timesFor.byTtl.set(ttlHours, times);
      }
      return times;
    };
    const summary = await sendInBatches({
      ctx,
      requestId,
      stage: 'upload',
      errorStep: 'upload',
      lines,
      totalLines,
      ...(previous ? { previous } : {}),
      progress,
      signal,
      beforeCommit: () => sentLog.flush(),
      afterCommit: () => merge.loadWritten(),
      prepare(line, modified): PreparedObject {
        const staged = readObjectLine(line);
        const times = timesOf(modified, staged.ttlHours);
        const json = [times.head, staged.object.subarray(1)];
        return {
          json,
          accepted(sentModified) {
            const suffix = sentModified === times.validFrom ? times.suffix : Ledger.sentLineSuffix({ ...times, modified: sentModified }, requestId);
            sentLog.writeParts(Ledger.sentLineParts(staged.rowFields, suffix));
            progress.add(staged.refresh ? 'refreshed' : 'uploaded');
          },
          rejected() {
            progress.add('rejected');
          },
          describe() {
            const [, , stixId, tcType, tcId, owner, , name] = JSON.parse(staged.meta.toString()) as ObjectMeta;
            return { tcId, owner, type: tcType, stixId, name, object: JSON.parse(Buffer.concat(json).toString()) as unknown };
          },
        };
      },
    }).finally(async () => {
      await sentLog.closeAsync();
      if (!signal.aborted) {
        const started = Date.now();
        await merge.finish();
        mergeSeconds = (Date.now() - started) / 1000;
      } else {
        merge.discard();
      }
    });
    const c = progress.counts;
    const restarted = summary.skipped ? ` (${summary.skipped} sent before a restart)` : '';
    const already = current ? `, ${c.current} already current in Sentinel (not sent)` : '';
    return `${c.uploaded} sent, ${c.refreshed} refreshed, ${c.rejected} rejected in ${summary.batches} batches${already}${restarted}; ledger updated in ${mergeSeconds.toFixed(1)} s`;
  });
}
