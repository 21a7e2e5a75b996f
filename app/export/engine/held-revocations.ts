import fs from 'node:fs';
import type { EngineContext, JobCheckpoint } from '../engine-context';
import { heldRevocationsFile, jobDirRemoved, jobFiles } from '../files/job-files';
import { LineWriter, readLines } from '../files/line-files';
import type { LedgerEntry } from '../state/ledger';

/** What a decision on held revocations can be. */
export type HeldDecision = 'revoke' | 'discard';

/** Why a decision cannot be taken now (the route answers 404 or 409). */
export class HeldRevocationsError extends Error {
  constructor(
    message: string,
    readonly status: 404 | 409,
  ) {
    super(message);
    this.name = 'HeldRevocationsError';
  }
}

function heldCheckpoint(ctx: EngineContext, requestId: string): JobCheckpoint {
  const job = ctx.jobs.get(requestId);
  if (!job) throw new HeldRevocationsError(`No job with request ID ${requestId}`, 404);
  const cp = job.checkpoint;
  if (!cp?.held || cp.held.state !== 'held') throw new HeldRevocationsError(`Job ${requestId} has no revocations waiting for a decision`, 409);
  return cp;
}

/** Drops held revocations: nothing is sent; the decision is recorded on the job and logged. */
export function discardHeldRevocations(ctx: EngineContext, requestId: string): void {
  const cp = heldCheckpoint(ctx, requestId);
  cp.held = { ...cp.held!, state: 'discarded', decidedAt: ctx.now().toISOString() };
  ctx.jobs.update(requestId, { checkpoint: cp });
  fs.rmSync(heldRevocationsFile(ctx.options.outPath, requestId), { force: true });
  ctx.logger.info('Held revocations discarded', { requestId, count: cp.held.count });
}

/**
 * Readies held revocations to be sent by their job, reopened at its revoke stage: only the entries still as they
 * were planned (active, not sent again since) are kept, so nothing a later job brought back is revoked.
 * Returns how many will be sent; the scheduler then runs the job.
 */
export async function reopenForHeldRevocations(ctx: EngineContext, requestId: string): Promise<number> {
  const cp = heldCheckpoint(ctx, requestId);
  // The job's own end may still be deleting its staging directory: that must not take the file written here.
  await jobDirRemoved(ctx.options.outPath, requestId);
  const files = jobFiles(ctx.options.outPath, requestId);
  fs.mkdirSync(files.dir, { recursive: true });
  const writer = new LineWriter(files.revoke);
  let kept = 0;
  const held = heldRevocationsFile(ctx.options.outPath, requestId);
  if (fs.existsSync(held)) {
    for await (const line of readLines(held)) {
      const planned = JSON.parse(line) as LedgerEntry;
      const now = ctx.ledger.get(planned.stixId);
      if (!now || now.revoked || now.modified !== planned.modified) continue;
      writer.write(line);
      kept += 1;
    }
  }
  writer.close();
  cp.held = { ...cp.held!, state: 'confirmed', decidedAt: ctx.now().toISOString() };
  cp.stage = 'revoke';
  cp.revokeLines = kept;
  // Running again: it has no end until the revocations are sent (a screen that watches running jobs follows it).
  ctx.jobs.update(requestId, { status: 'Upload In Progress', endedAt: null, finished: false, checkpoint: cp });
  fs.rmSync(held, { force: true });
  ctx.logger.info('Held revocations confirmed', { requestId, held: cp.held.count, sending: kept });
  return kept;
}
