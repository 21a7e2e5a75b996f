import { pluck, transaction } from '../../../sdk';
import { modifiedClock } from '../../stix/timing';
import type { EngineContext } from '../engine-context';
import type { JobProgress } from '../job-progress';
import type { ErrorStep, JobCounts } from '../types';
import type { JsonText, UploadOutcome } from '../stix-uploader';
import { lineDone } from '../files/line-files';

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
  /**
   * The staged lines to send, in order (batch n is lines 100n…100n+99); each is given back (`lineDone`) once its
   * batch is recorded or found answered before: nothing may hold a line, or a view of it, after `record` is done.
   */
  lines: AsyncIterable<Buffer>;
  /** How many lines there are, so far (the objects file may still be growing). */
  totalLines(): number;
  /**
   * The lines staged by an earlier attempt of the job that was interrupted while its objects file was still being
   * written. A batch recorded as answered is skipped only when its lines are these, byte for byte.
   */
  previous?: AsyncIterable<Buffer>;
  progress: JobProgress;
  signal: AbortSignal;
  /** Runs inside each answered batch's transaction, after its objects were recorded and before it commits. */
  beforeCommit?(): void;
  /** Runs after each answered batch's transaction committed. */
  afterCommit?(): void;
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
  const totalBatches = () => Math.ceil(opts.totalLines() / uploader.batchSize);
  const nextModified = modifiedClock(ctx.now, ctx.kv.get('maxModified'));
  const insertBatch = ctx.db.prepare(
    'INSERT OR REPLACE INTO job_batches (request_id, stage, batch_no, accepted, rejected, failed, counts) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  const batchCounts = ctx.db.prepare('SELECT counts FROM job_batches WHERE request_id = ? AND stage = ? AND batch_no = ?');
  const deleteBatch = ctx.db.prepare('DELETE FROM job_batches WHERE request_id = ? AND stage = ? AND batch_no = ?');
  /** Takes a batch's answer back: its counts, and its record (it is sent again). */
  const forgetBatch = transaction(ctx.db, (batchNo: number) => {
    const added = JSON.parse(pluck<string>(batchCounts, requestId, stage, batchNo) ?? '{}') as Partial<JobCounts>;
    for (const [field, n] of Object.entries(added)) progress.add(field as keyof JobCounts, -n);
    deleteBatch.run(requestId, stage, batchNo);
    progress.flush();
  });
  const summary: SendSummary = { batches: 0, skipped: 0, failed: 0 };
  const previous = opts.previous?.[Symbol.asyncIterator]();
  /** The previous attempt's lines of the next batch (read in step with the batches, whether sent or not). */
  const previousBatch = async (): Promise<Buffer[]> => {
    const lines: Buffer[] = [];
    while (previous && lines.length < uploader.batchSize) {
      const next = await previous.next();
      if (next.done) break;
      lines.push(next.value);
    }
    return lines;
  };
  /** Whether a batch was answered already, with these very lines; one answered with other lines is forgotten. */
  const answered = async (batchNo: number, lines: Buffer[]): Promise<boolean> => {
    const before = previous ? await previousBatch() : undefined;
    const same = !before || (before.length === lines.length && before.every((line, i) => line.equals(lines[i]!)));
    before?.forEach(lineDone);
    if (!done.has(batchNo)) return false;
    if (same) return true;
    // Sentinel has an earlier version of these objects: this one must go, and a crash before its answer must not
    // leave the batch counted as sent.
    forgetBatch(batchNo);
    done.delete(batchNo);
    return false;
  };
  let consecutiveFailures = 0;
  let halted: Error | undefined;
  const inFlight = new Set<Promise<void>>();

  const record = transaction(ctx.db, (batchNo: number, objects: PreparedObject[], modified: Date, outcome: UploadOutcome) => {
    const countsBefore = { ...progress.counts };
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
    const added = Object.fromEntries(
      (Object.keys(countsBefore) as Array<keyof JobCounts>)
        .filter((k) => progress.counts[k] !== countsBefore[k])
        .map((k) => [k, progress.counts[k] - countsBefore[k]]),
    );
    insertBatch.run(requestId, stage, batchNo, accepted, rejected, outcome.status === 'ok' ? 0 : 1, JSON.stringify(added));
    ctx.kv.set('maxModified', modified.toISOString());
    progress.stage(stage, Math.min(1, (done.size + 1) / Math.max(1, totalBatches())));
    progress.flush();
  });

  const dispatch = (batchNo: number, lines: Buffer[]) => {
    const modified = nextModified();
    const objects = lines.map((line) => opts.prepare(line, modified));
    const task = uploader
      .upload(
        objects.map((o) => o.json),
        signal,
      )
      .then((outcome) => {
        if (signal.aborted) return; // answered after shutdown began: re-sent on resume, harmlessly
        record(batchNo, objects, modified, outcome);
        lines.forEach(lineDone); // recorded: the objects' bytes are in the sent log and the ledger now
        opts.afterCommit?.();
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
      })
      .catch((err: unknown) => {
        halted ??= err instanceof Error ? err : new Error(String(err));
      });
    const tracked = task.finally(() => inFlight.delete(tracked));
    inFlight.add(tracked);
  };

  let batch: Buffer[] = [];
  let batchNo = 0;
  const sendBatch = async (lines: Buffer[]) => {
    if (await answered(batchNo, lines)) {
      summary.skipped += 1;
      lines.forEach(lineDone);
      return;
    }
    while (inFlight.size >= uploader.concurrency) await Promise.race(inFlight);
    if (halted) return;
    signal.throwIfAborted();
    dispatch(batchNo, lines);
  };
  try {
    for await (const line of opts.lines) {
      batch.push(line);
      if (batch.length < uploader.batchSize) continue;
      await sendBatch(batch);
      if (halted) break;
      batch = [];
      batchNo += 1;
    }
    if (batch.length > 0 && !halted) await sendBatch(batch);
  } catch (err) {
    // The lines stopped coming (the conversion feeding them failed or the service is stopping): the batches in
    // flight are still recorded when answered, so that nothing Sentinel accepted goes unrecorded.
    await Promise.all(inFlight);
    throw err;
  } finally {
    await previous?.return?.();
  }
  await Promise.all(inFlight);
  signal.throwIfAborted();
  if (halted) throw halted;
  return summary;
}
