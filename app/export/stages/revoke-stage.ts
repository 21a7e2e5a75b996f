import fs from 'node:fs';
import path from 'node:path';
import { buildRevocation } from '../../stix';
import type { EngineContext, JobCheckpoint } from '../engine-context';
import type { JobProgress } from '../job-progress';
import { LineWriter, lineDone, readLineBuffers, readLines } from '../files/line-files';
import type { LedgerEntry } from '../state/ledger';
import { readObjectLine } from '../convert/convert-line';
import { KeySet, uuidDigest } from '../files/key-set';
import { heldRevocationsFile, jobFiles, type JobFiles } from '../files/job-files';
import { runTask } from '../run-task';
import { sendInBatches } from './send-batches';

const QUOTE = 0x22;

/**
 * STIX ids this job converted: still wanted, so never revoked, even if their upload failed. Kept as 16 bytes each
 * (a million ids: ~24 MB, where strings took ~100 MB), read from each line's ledger fields, which begin with the
 * id (`"indicator--…",`), without parsing the line.
 */
async function idsOfThisJob(files: JobFiles): Promise<KeySet> {
  const ids = new KeySet(uuidDigest);
  if (!fs.existsSync(files.objects)) return ids;
  for await (const line of readLineBuffers(files.objects)) {
    const { rowFields } = readObjectLine(line);
    ids.add(rowFields.toString('utf8', 1, rowFields.indexOf(QUOTE, 1)));
    lineDone(line);
  }
  return ids;
}

async function removedDuringDelta(files: JobFiles): Promise<Set<string>> {
  const ids = new Set<string>();
  if (!fs.existsSync(files.removed)) return ids;
  for await (const line of readLines(files.removed)) ids.add(line.trim());
  return ids;
}

/**
 * Writes the revocation plan: after a full update, every active ledger entry no configuration returned; after a
 * delta, what ThreatConnect deleted or what no configuration matches any more. Returns how many.
 */
async function planRevocations(ctx: EngineContext, requestId: string, cp: JobCheckpoint, files: JobFiles): Promise<number> {
  const writer = new LineWriter(files.revoke);
  const write = (e: LedgerEntry) => writer.write(JSON.stringify(e));
  if (cp.effectiveMode === 'full') {
    let sentIds: KeySet | undefined;
    // What ThreatConnect would not let this job read is not known to have left the set.
    const denied = new Set(cp.deniedOwners ?? []);
    for await (const { stixId, owner } of ctx.ledger.activeIdsNotSentBy(requestId)) {
      if (denied.has(owner)) continue;
      sentIds ??= await idsOfThisJob(files);
      if (sentIds.has(stixId)) continue;
      const entry = ctx.ledger.get(stixId);
      if (entry) write(entry);
    }
  } else {
    const removed = await removedDuringDelta(files);
    if (removed.size > 0) {
      const sentIds = await idsOfThisJob(files);
      for (const id of removed) {
        const entry = ctx.ledger.get(id);
        if (entry && !entry.revoked && !sentIds.has(id)) write(entry);
      }
    }
  }
  writer.close();
  return writer.lines;
}

/** Revocations below this many are never held, whatever share of the ledger they are. */
export const REVOKE_GUARD_MIN = 100;

/** Why a plan of `planned` revocations against `active` objects must wait for a confirmation, or undefined. */
export function revokeGuardReason(planned: number, active: number, percent: number): string | undefined {
  if (planned < REVOKE_GUARD_MIN || percent >= 100 || planned * 100 <= active * percent) return undefined;
  const share = active === 0 ? 100 : Math.round((planned * 1000) / active) / 10;
  return `${planned.toLocaleString('en-US')} revocations are ${share}% of the ${active.toLocaleString('en-US')} indicators Sentinel holds from the App, over the guard of ${percent}% (revoke_guard_percent)`;
}

/**
 * Stage 4: revokes in Sentinel what left the set (re-sent with `revoked: true` and a newer `modified`). A full
 * update without configurations revokes nothing. A plan past the revoke guard is not sent: it is kept, and the job
 * ends saying so, until someone confirms or discards it (confirmHeldRevocations).
 */
export async function runRevokeStage(ctx: EngineContext, requestId: string, cp: JobCheckpoint, progress: JobProgress, signal: AbortSignal) {
  const files = jobFiles(ctx.options.outPath, requestId);
  await runTask(ctx, { name: 'Revoke indicators that left the set', kind: 'revoke', requestId }, async () => {
    if (cp.effectiveMode === 'full' && cp.queries.length === 0) return 'Nothing revoked: a full update without query configurations revokes nothing';
    if (cp.revokeLines === undefined) {
      cp.revokeLines = await planRevocations(ctx, requestId, cp, files);
      progress.flush({ checkpoint: cp });
    }
    if (cp.revokeLines === 0) return 'Nothing to revoke';
    if (cp.held?.state !== 'confirmed') {
      const active = ctx.ledger.counts().active;
      const reason = revokeGuardReason(cp.revokeLines, active, ctx.options.revokeGuardPercent);
      if (reason) {
        const held = heldRevocationsFile(ctx.options.outPath, requestId);
        fs.mkdirSync(path.dirname(held), { recursive: true });
        fs.copyFileSync(files.revoke, held);
        cp.held = { count: cp.revokeLines, active, reason, state: 'held' };
        progress.flush({ checkpoint: cp });
        ctx.errors.add({
          requestId,
          step: 'revoke',
          message: `Revocations held back: ${reason}. Confirm or discard them on the JOBS screen.`,
          raw: { held: cp.revokeLines, active, percent: ctx.options.revokeGuardPercent },
        });
        ctx.logger.warn('Revocations held back by the revoke guard', { requestId, count: cp.revokeLines, active });
        return `Revocations held back: ${reason}`;
      }
    }
    await sendInBatches({
      ctx,
      requestId,
      stage: 'revoke',
      errorStep: 'revoke',
      lines: readLineBuffers(files.revoke),
      totalLines: () => cp.revokeLines ?? 0,
      progress,
      signal,
      prepare(line, modified) {
        const entry = JSON.parse(line.toString()) as LedgerEntry;
        const object = buildRevocation(
          { id: entry.stixId, pattern: entry.pattern, name: entry.name, created: entry.created, validFrom: entry.validFrom, lastModified: entry.modified },
          modified,
        );
        return {
          json: JSON.stringify(object),
          accepted(sentModified) {
            ctx.ledger.recordRevoked(entry.stixId, sentModified, object.valid_until ?? sentModified, requestId);
            progress.add('revoked');
          },
          rejected() {
            /* stays active in the ledger: the next run tries again */
          },
          describe: () => ({ tcId: entry.tcId, owner: entry.owner, type: entry.tcType, stixId: entry.stixId, name: entry.name }),
        };
      },
    });
    return `${progress.counts.revoked} of ${cp.revokeLines} revoked`;
  });
}
