import type { EngineContext } from '../engine-context';
import type { JobProgress } from '../job-progress';
import { readLineBuffers } from '../staging';
import type { ErrorStep } from '../types';
import type { JsonText, UploadOutcome } from '../stix-uploader';

/** One prepared object of a batch: its JSON and what to record once Sentinel answered. */
export interface PreparedObject {
  json: JsonText;
  accepted(modified: string): void;
  rejected(messages: string[]): void;
  /** Who the object is, for error reports (TC id, owner, value…). */
  describe(): unknown;
}

export interface SendOptions {
  ctx: EngineContext;
  requestId: string;
  stage: 'upload' | 'revoke';
  errorStep: ErrorStep;
  file: string;
  totalLines: number;
  progress: JobProgress;
  signal: AbortSignal;
  /** Runs inside each answered batch's transaction, after its objects were recorded and before it commits. */
  beforeCommit?(): void;
  /** Turns a staged line (its bytes) into the object to send, with `modified` = the batch's send time. */
  prepare(line: Buffer, modified: Date): PreparedObject;
}

export interface SendSummary {
  batches: number;
  skipped: number;
  failed: number;
}

/** Raised when the job cannot go on (Sentinel refuses every batch, or a problem that retries cannot fix). */
export class UploadHaltedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UploadHaltedError';
  }
}

/** The `modified` of the next batch: now, but always strictly later than anything sent before. */
function modifiedClock(ctx: EngineContext) {
  let last = Date.parse(ctx.kv.get('maxModified') ?? '') || 0;
  return () => {
    last = Math.max(ctx.now().getTime(), last + 1);
    return new Date(last);
  };
}

/**
 * Sends a staged file in batches, keeping up to `uploader.concurrency` in flight. Each answered batch is recorded
 * (ledger, errors, counts and the batch checkpoint) in one transaction, so a resumed job skips exactly the
 * batches already answered and re-sends at most those that were in flight.
 */
export async function sendInBatches(opts: SendOptions): Promise<SendSummary> {
  const { ctx, requestId, stage, progress, signal } = opts;
  const { uploader } = ctx;
  const done = new Set(
    (ctx.db.prepare('SELECT batch_no FROM job_batches WHERE request_id = ? AND stage = ?').all(requestId, stage) as Array<{ batch_no: number }>).map(
      (r) => r.batch_no,
    ),
  );
  const totalBatches = Math.ceil(opts.totalLines / uploader.batchSize);
  const nextModified = modifiedClock(ctx);
  const insertBatch = ctx.db.prepare(
    'INSERT OR REPLACE INTO job_batches (request_id, stage, batch_no, accepted, rejected, failed) VALUES (?, ?, ?, ?, ?, ?)',
  );
  const summary: SendSummary = { batches: 0, skipped: done.size, failed: 0 };
  let consecutiveFailures = 0;
  let halted: Error | undefined;
  const inFlight = new Set<Promise<void>>();

  const record = ctx.db.transaction((batchNo: number, objects: PreparedObject[], modified: Date, outcome: UploadOutcome) => {
    let accepted = 0;
    let rejected = 0;
    if (outcome.status === 'ok') {
      const byIndex = new Map(outcome.rejected.map((r) => [r.index, r.messages]));
      objects.forEach((o, i) => {
        const messages = byIndex.get(i);
        if (messages) {
          rejected += 1;
          o.rejected(messages);
          ctx.errors.add({ requestId, step: opts.errorStep, message: `Sentinel rejected the object: ${messages.join('; ')}`, raw: o.describe() });
        } else {
          accepted += 1;
          o.accepted(modified.toISOString());
        }
      });
    } else {
      rejected = objects.length;
      for (const o of objects) o.rejected([outcome.error.message]);
      ctx.errors.add({
        requestId,
        step: opts.errorStep,
        message: `Batch ${batchNo + 1} of ${objects.length} objects failed after ${outcome.attempts} attempts: ${outcome.error.message}`,
        raw: { batch: batchNo + 1, objects: objects.map((o) => o.describe()) },
      });
    }
    opts.beforeCommit?.();
    insertBatch.run(requestId, stage, batchNo, accepted, rejected, outcome.status === 'ok' ? 0 : 1);
    ctx.kv.set('maxModified', modified.toISOString());
    progress.stage(stage, (done.size + 1) / Math.max(1, totalBatches));
    progress.flush();
  });

  const dispatch = (batchNo: number, lines: Buffer[]) => {
    const modified = nextModified();
    const objects = lines.map((line) => opts.prepare(line, modified));
    const task = uploader.upload(
      objects.map((o) => o.json),
      signal,
    ).then((outcome) => {
      if (signal.aborted) return; // answered after shutdown began: re-sent on resume, harmlessly
      record(batchNo, objects, modified, outcome);
      done.add(batchNo);
      summary.batches += 1;
      if (outcome.status === 'failed') {
        summary.failed += 1;
        consecutiveFailures += 1;
        if (outcome.fatal) halted = new UploadHaltedError(outcome.error.message);
        else if (consecutiveFailures >= ctx.options.maxConsecutiveFailedBatches) {
          halted = new UploadHaltedError(`${consecutiveFailures} batches in a row failed; last error: ${outcome.error.message}`);
        }
      } else {
        consecutiveFailures = 0;
      }
    }).catch((err: unknown) => {
      halted ??= err instanceof Error ? err : new Error(String(err));
    });
    const tracked = task.finally(() => inFlight.delete(tracked));
    inFlight.add(tracked);
  };

  let batch: Buffer[] = [];
  let batchNo = 0;
  for await (const line of readLineBuffers(opts.file)) {
    batch.push(line);
    if (batch.length < uploader.batchSize) continue;
    if (!done.has(batchNo)) {
      while (inFlight.size >= uploader.concurrency) await Promise.race(inFlight);
      if (halted) break;
      signal.throwIfAborted();
      dispatch(batchNo, batch);
    }
    batch = [];
    batchNo += 1;
  }
  if (batch.length > 0 && !done.has(batchNo) && !halted) {
    signal.throwIfAborted();
    dispatch(batchNo, batch);
  }
  await Promise.all(inFlight);
  signal.throwIfAborted();
  if (halted) throw halted;
  return summary;
}
