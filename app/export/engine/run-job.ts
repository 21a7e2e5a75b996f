import fs from 'node:fs';
import { randomUUID } from 'node:crypto';
import { errorMessage, transaction } from '../../../sdk';
import { emptyCounts, type EngineContext, type JobCheckpoint } from '../engine-context';
import { JobProgress } from '../job-progress';
import { jobFiles, removeJobDir } from '../files/job-files';
import { hasUploadedBatches, resetJobFiles, runDownloadStage } from '../stages/download-stage';
import { startConversion } from '../stages/convert-stage';
import { runUploadStage } from '../stages/upload-stage';
import { runRevokeStage } from '../stages/revoke-stage';
import { describeFailure } from '../describe-failure';
import { isAbort } from '../run-task';
import { readGrowingLines, readLineBuffers } from '../files/line-files';
import type { JobStatus, JobType, UpdateMode } from '../types';

/** Creates a job record with the configuration snapshot and delta base it will run with. */
export function createJob(ctx: EngineContext, type: JobType, mode: UpdateMode, options: { resendAll?: boolean } = {}): string {
  const requestId = randomUUID();
  const config = ctx.config.get();
  const watermark = ctx.kv.get('watermark');
  const start = ctx.now();
  // Without an earlier successful run there is nothing to be a delta of: send everything (but revoke nothing).
  const effectiveMode: UpdateMode = mode === 'delta' && !watermark ? 'full' : mode;
  // "Force re-send all": asked for this job, or saved with the configuration for the next scheduled full update.
  const resendAll =
    effectiveMode === 'full' && (options.resendAll === true || (type === 'scheduled' && ctx.kv.get('resendAllNext') === String(config.revision)));
  const checkpoint: JobCheckpoint = {
    stage: 'download',
    queries: config.queries,
    configRevision: config.revision,
    effectiveMode,
    runStart: start.toISOString(),
    ...(resendAll ? { resendAll } : {}),
    ...(effectiveMode === 'delta' && watermark ? { since: new Date(Date.parse(watermark) - ctx.options.deltaOverlapMs).toISOString() } : {}),
  };
  ctx.jobs.create({
    requestId,
    type,
    mode,
    status: 'Download In Progress',
    startedAt: start.toISOString(),
    counts: emptyCounts(),
    checkpoint,
  });
  return requestId;
}

function succeed(ctx: EngineContext, requestId: string, cp: JobCheckpoint, progress: JobProgress): void {
  transaction(ctx.db, () => {
    ctx.kv.set('watermark', cp.runStart);
    ctx.kv.set('lastSuccessQueries', JSON.stringify(cp.queries));
    ctx.kv.set('lastSuccessAt', ctx.now().toISOString());
    // A full update done with the current configuration satisfies a pending "Save and Run Full Update".
    if (cp.effectiveMode === 'full' && ctx.config.get().revision === cp.configRevision) {
      ctx.config.setNextUpdate('delta');
      if (cp.resendAll) ctx.kv.delete('resendAllNext');
    }
    progress.progress = 1;
    ctx.jobs.update(requestId, { status: 'Upload Complete', endedAt: ctx.now().toISOString(), finished: true });
    progress.flush({ checkpoint: { ...cp, stage: 'finish' } });
  })();
}

async function* noLines(): AsyncGenerator<Buffer> {}

function fail(ctx: EngineContext, requestId: string, progress: JobProgress, reason: string): void {
  progress.flush();
  ctx.jobs.update(requestId, { status: 'Failed', error: reason, endedAt: ctx.now().toISOString(), finished: true });
}

/**
 * Runs (or resumes) a job through its stages: download → convert → upload → revoke; the upload sends the objects
 * file while download and conversion still write it, and the statuses follow the earliest unfinished stage. Each
 * stage records its completion in the checkpoint, so a job interrupted by a crash or shutdown resumes at the stage
 * it was in.
 * Resolves when the job completed, failed (recorded, never thrown) or was interrupted by `signal`.
 */
export async function runJob(ctx: EngineContext, requestId: string, signal: AbortSignal): Promise<'completed' | 'failed' | 'interrupted'> {
  const job = ctx.jobs.get(requestId);
  if (!job?.checkpoint) throw new Error(`Job ${requestId} does not exist or has no checkpoint`);
  const cp = job.checkpoint;
  // Counts of jobs recorded before a count was added start that count at 0.
  const progress = new JobProgress(ctx.jobs, requestId, { ...emptyCounts(), ...job.counts }, job.progress);
  ctx.live.progress = progress;
  const log = ctx.logger.child({ requestId });
  const advance = (stage: JobCheckpoint['stage'], status: JobStatus | undefined) => {
    cp.stage = stage;
    progress.flush({ checkpoint: cp, ...(status ? { status } : {}) });
  };
  try {
    log.info(`Job ${cp.stage === 'download' ? 'starting' : `resuming at ${cp.stage}`}`, { type: job.type, mode: cp.effectiveMode });
    if (cp.stage === 'download' || cp.stage === 'convert') {
      // Indicators go from the download straight into conversion, unstaged, and the objects go to Sentinel as they
      // are converted. A job interrupted before its objects file was complete downloads again from the start, and
      // sends again only the batches whose objects differ from those already answered.
      cp.stage = 'download';
      progress.flush({ status: 'Download In Progress', checkpoint: cp });
      const previous = resetJobFiles(ctx, requestId);
      const conversion = startConversion(ctx, requestId, cp, progress);
      const files = jobFiles(ctx.options.outPath, requestId);
      // The download stops when the upload cannot go on; the upload stops reading when the download fails.
      const download = new AbortController();
      const stopDownload = () => download.abort(signal.reason);
      signal.addEventListener('abort', stopDownload, { once: true });
      let uploadFailure: { reason: unknown } | undefined;
      const upload = runUploadStage(ctx, requestId, cp, progress, signal, {
        lines: readGrowingLines(files.objects, conversion.growth),
        totalLines: () => cp.objectLines ?? progress.counts.converted,
        previous: previous ? readLineBuffers(previous) : noLines(),
      }).catch((reason: unknown) => {
        uploadFailure = { reason };
        download.abort(reason);
      });
      let finishing = false;
      try {
        try {
          await runDownloadStage(ctx, requestId, cp, progress, conversion, download.signal);
        } finally {
          signal.removeEventListener('abort', stopDownload);
        }
        advance('convert', 'Download Complete');
        progress.flush({ status: 'Convert In Progress' });
        finishing = true;
        await conversion.finish(); // a failure here has removed the objects file and stopped the upload's reading
      } catch (err) {
        // Stopped by shutdown after batches were answered: the objects so far are kept for the resumed job.
        if (!finishing) await conversion.abandon(err, signal.aborted && hasUploadedBatches(ctx, requestId));
        await upload;
        throw uploadFailure?.reason ?? err;
      }
      progress.stage('convert', 1);
      advance('upload', 'Convert Complete');
      progress.flush({ status: 'Upload In Progress' });
      await upload;
      if (uploadFailure) throw uploadFailure.reason;
      if (previous) await fs.promises.rm(previous, { force: true });
      advance(ctx.options.revokeRemoved ? 'revoke' : 'finish', undefined);
    } else if (cp.stage === 'upload') {
      progress.flush({ status: 'Upload In Progress' });
      await runUploadStage(ctx, requestId, cp, progress, signal);
      advance(ctx.options.revokeRemoved ? 'revoke' : 'finish', undefined);
    }
    if (cp.stage === 'revoke') {
      await runRevokeStage(ctx, requestId, cp, progress, signal);
      advance('finish', undefined);
    }
    const failedBatches = (ctx.db.prepare('SELECT COUNT(*) AS n FROM job_batches WHERE request_id = ? AND failed = 1').get(requestId) as { n: number }).n;
    if (failedBatches > 0) {
      // Not a success: the watermark stays, so the next run sends these objects again.
      fail(ctx, requestId, progress, `${failedBatches} upload batch(es) failed after every retry; see REPORTS. The next run sends them again.`);
      log.warn('Job finished with failed batches', { failedBatches });
      return 'failed';
    }
    if (cp.held?.state === 'confirmed') {
      // Sending revocations a guard held: the job's own update ended long ago; its watermark stays as it is.
      progress.progress = 1;
      ctx.jobs.update(requestId, { status: 'Upload Complete', endedAt: ctx.now().toISOString(), finished: true });
      progress.flush({ checkpoint: { ...cp, stage: 'finish' } });
    } else {
      succeed(ctx, requestId, cp, progress);
    }
    // Off the event loop, and not awaited (the job has ended: the next may start): a million objects' files take a
    // second or more to unlink. Files left by a crash meanwhile are the Cleaner's.
    void removeJobDir(ctx.options.outPath, requestId).catch((err: unknown) => {
      log.warn("Could not delete the job's staging files; the Cleaner deletes them later", { error: errorMessage(err) });
    });
    log.info('Job complete', { counts: progress.counts });
    return 'completed';
  } catch (err) {
    if (isAbort(err) || signal.aborted) {
      progress.flush({ checkpoint: cp });
      log.info('Job interrupted; it resumes when the service starts again', { stage: cp.stage });
      return 'interrupted';
    }
    const { message: reason, raw } = describeFailure(err);
    ctx.errors.add({ requestId, step: cp.stage === 'finish' ? 'revoke' : cp.stage, message: `Job failed: ${reason}`, ...(raw ? { raw } : {}) });
    fail(ctx, requestId, progress, reason);
    log.error('Job failed', { reason });
    return 'failed';
  } finally {
    if (ctx.live.progress === progress) ctx.live.progress = undefined;
  }
}
