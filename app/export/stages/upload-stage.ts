import type { EngineContext, JobCheckpoint } from '../engine-context';
import { LineWriter } from '../staging';
import { Ledger } from '../state/ledger';
import type { JobProgress } from '../job-progress';
import type { ObjectMeta } from '../convert/convert-line';
import { jobFiles } from './job-files';
import { runTask } from './run-task';
import { sendInBatches, type PreparedObject } from './send-batches';

/** Puts the upload-time fields in front of a staged object: `modified`, `valid_from` and `valid_until`. */
export function timedObject(rest: string, modified: string, validUntil: string): string {
  return `{"modified":"${modified}","valid_from":"${modified}","valid_until":"${validUntil}",${rest.slice(1)}`;
}

/**
 * Stage 3: sends the converted objects to Sentinel (paced by the uploader), recording each rejected one as an
 * error with what identifies it in ThreatConnect and each accepted one in the sent log, which is merged into the
 * ledger when the stage ends (also when it fails; a stage stopped by shutdown merges when the job resumes). Each
 * batch's log lines reach the file before its checkpoint commits, so a crash loses no record of an answered batch.
 */
export async function runUploadStage(ctx: EngineContext, requestId: string, cp: JobCheckpoint, progress: JobProgress, signal: AbortSignal) {
  const files = jobFiles(ctx.options.outPath, requestId);
  await runTask(ctx, { name: 'Upload to Microsoft Sentinel', kind: 'upload', requestId }, async () => {
    const sentLog = new LineWriter(files.sent, { append: true });
    const summary = await sendInBatches({
      ctx,
      requestId,
      stage: 'upload',
      errorStep: 'upload',
      file: files.objects,
      totalLines: cp.objectLines ?? 0,
      progress,
      signal,
      beforeCommit: () => sentLog.flush(),
      prepare(line, modified): PreparedObject {
        const tab = line.indexOf('\t');
        const meta = JSON.parse(line.slice(0, tab)) as ObjectMeta;
        const [tcId, owner, tcType, ttlHours, refresh, stixId, created, name, pattern] = meta;
        const validFrom = modified.toISOString();
        const validUntil = new Date(modified.getTime() + ttlHours * 3600_000).toISOString();
        const rest = line.slice(tab + 1);
        return {
          json: timedObject(rest, validFrom, validUntil),
          accepted(sentModified) {
            sentLog.write(Ledger.sentLine({ stixId, tcType, tcId, owner, pattern, name, created, validFrom, validUntil, modified: sentModified, lastJob: requestId }));
            progress.add(refresh ? 'refreshed' : 'uploaded');
          },
          rejected() {
            progress.add('rejected');
          },
          describe: () => ({ tcId, owner, type: tcType, stixId, name, object: JSON.parse(timedObject(rest, validFrom, validUntil)) as unknown }),
        };
      },
    }).finally(async () => {
      sentLog.close();
      if (!signal.aborted) await ctx.ledger.mergeSentLog(files.sent);
    });
    const c = progress.counts;
    return `${c.uploaded} sent, ${c.refreshed} refreshed, ${c.rejected} rejected in ${summary.batches} batches` + (summary.skipped ? ` (${summary.skipped} sent before a restart)` : '');
  });
}
