import { validityWindow } from '../../stix/timing';
import type { EngineContext, JobCheckpoint } from '../engine-context';
import { LineWriter, readLineBuffers } from '../staging';
import { Ledger } from '../state/ledger';
import type { JobProgress } from '../job-progress';
import { readObjectLine, type ObjectMeta } from '../convert/convert-line';
import { jobFiles } from './job-files';
import { runTask } from './run-task';
import { sendInBatches, type PreparedObject } from './send-batches';

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
  const { lines, totalLines, previous } = source ?? { lines: readLineBuffers(files.objects), totalLines: () => cp.objectLines ?? 0 };
  await runTask(ctx, { name: 'Upload to Microsoft Sentinel', kind: 'upload', requestId }, async () => {
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
        times = { validFrom, validUntil, head: timingHead(validFrom, validUntil), suffix: Ledger.sentLineSuffix({ validFrom, validUntil, modified: validFrom }, requestId) };
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
    return `${c.uploaded} sent, ${c.refreshed} refreshed, ${c.rejected} rejected in ${summary.batches} batches${restarted}; ledger updated in ${mergeSeconds.toFixed(1)} s`;
  });
}
