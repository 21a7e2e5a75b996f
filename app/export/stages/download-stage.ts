import fs from 'node:fs';
import path from 'node:path';
import type { EngineContext, JobCheckpoint } from '../engine-context';
import type { JobProgress } from '../job-progress';
import { planQueries, queryFor } from '../plan-queries';
import type { QueryConfig } from '../types';
import type { IndicatorQuery } from '../indicator-source';
import type { ConversionSink } from './convert-stage';
import { jobFiles, type JobFiles } from './job-files';
import { runTask } from './run-task';

/** Ids per keep-alive query: keeps the TQL short enough for a GET URL. */
const KEEP_ALIVE_CHUNK = 200;

/**
 * Fetches every page of a query, as bytes, and hands each to conversion (which reads, deduplicates and converts
 * it); resolves once all of them are converted, with what came of them.
 */
async function downloadInto(sink: ConversionSink, query: IndicatorQuery, ctx: EngineContext, progress: JobProgress, refresh: boolean, signal: AbortSignal) {
  const tally = sink.tally();
  const links = (body: Buffer) => sink.page(body, refresh);
  for await (const _ of ctx.source.indicatorBodies(query, { signal, links })) progress.tick();
  await sink.drain();
  return tally;
}

/** Keep-alive: re-fetches, through each configuration, the sent indicators whose valid_until passes before the next run. */
async function refreshExpiring(
  ctx: EngineContext,
  cp: JobCheckpoint,
  files: JobFiles,
  sink: ConversionSink,
  progress: JobProgress,
  requestId: string,
  signal: AbortSignal,
): Promise<void> {
  const { options } = ctx;
  const horizonMs = options.scheduleIntervalHours * 3600_000;
  const deadline = new Date(ctx.now().getTime() + horizonMs + Math.max(3600_000, horizonMs / 2)).toISOString();
  const wanted = new Map<number, string[]>(); // tc id -> stix ids expiring
  for await (const entry of ctx.ledger.activeExpiringBefore(deadline)) {
    const ids = wanted.get(entry.tcId) ?? [];
    ids.push(entry.stixId);
    wanted.set(entry.tcId, ids);
  }
  await runTask(ctx, { name: 'Keep-alive: re-fetch indicators about to expire', kind: 'keep-alive', requestId }, async () => {
    const found = new Set<number>();
    let kept = 0;
    for (const q of cp.queries) {
      const pending = [...wanted.keys()].filter((id) => !found.has(id));
      for (let i = 0; i < pending.length; i += KEEP_ALIVE_CHUNK) {
        signal.throwIfAborted();
        const ids = pending.slice(i, i + KEEP_ALIVE_CHUNK);
        const tally = await downloadInto(sink, queryFor(q, { ids }), ctx, progress, true, signal);
        for (const id of tally.found) found.add(id);
        kept += tally.received - tally.duplicates;
      }
    }
    const orphans = [...wanted.keys()].filter((id) => !found.has(id));
    if (options.revokeRemoved && orphans.length > 0) {
      appendRemoved(files, orphans.flatMap((id) => wanted.get(id) ?? []));
    }
    return `${wanted.size} expiring, ${kept} re-fetched, ${orphans.length} no longer matched`;
  });
}

function appendRemoved(files: JobFiles, stixIds: string[]): void {
  if (stixIds.length === 0) return;
  fs.appendFileSync(files.removed, stixIds.map((id) => `${id}\n`).join(''));
}

/** Delta: collects what ThreatConnect reports deleted since the last run, for every owner the configurations read. */
async function collectDeleted(ctx: EngineContext, cp: JobCheckpoint, files: JobFiles, requestId: string, signal: AbortSignal) {
  const owners = [...new Set(cp.queries.flatMap((q: QueryConfig) => q.owners))];
  await runTask(ctx, { name: 'Collect indicators deleted in ThreatConnect', kind: 'download', requestId }, async () => {
    const deleted = new Set<number>();
    for (const owner of owners) {
      for await (const d of ctx.source.deleted({ owner, since: cp.since! }, signal)) deleted.add(d.id);
    }
    const stixIds: string[] = [];
    for await (const entry of ctx.ledger.activeForTcIds(deleted)) stixIds.push(entry.stixId);
    appendRemoved(files, stixIds);
    return `${deleted.size} deleted in ThreatConnect, ${stixIds.length} of them sent before`;
  });
}

/** Whether Sentinel answered any of the job's upload batches. */
export function hasUploadedBatches(ctx: EngineContext, requestId: string): boolean {
  return ctx.db.prepare("SELECT 1 FROM job_batches WHERE request_id = ? AND stage = 'upload' LIMIT 1").get(requestId) !== undefined;
}

/**
 * Empties the job's staging directory: a (re)started download begins from nothing. Unless an earlier attempt
 * had batches answered already (objects are uploaded while they are converted): then its sent log (not yet in the
 * ledger) stays, and its objects file is kept as the previous objects, which the new attempt's batches are
 * compared with. Returns that file, if there is one.
 */
export function resetJobFiles(ctx: EngineContext, requestId: string): string | undefined {
  const files = jobFiles(ctx.options.outPath, requestId);
  if (!hasUploadedBatches(ctx, requestId)) {
    fs.rmSync(files.dir, { recursive: true, force: true });
    fs.mkdirSync(files.dir, { recursive: true });
    return undefined;
  }
  // The latest attempt's objects are what its answered batches were sent from or found equal to.
  if (fs.existsSync(files.objects)) fs.renameSync(files.objects, files.previousObjects);
  const keep = new Set([path.basename(files.sent), path.basename(files.previousObjects)]);
  for (const name of fs.readdirSync(files.dir)) if (!keep.has(name)) fs.rmSync(path.join(files.dir, name), { recursive: true, force: true });
  return fs.existsSync(files.previousObjects) ? files.previousObjects : undefined;
}

/**
 * Stage 1: downloads every configuration in priority order, keeping only the first copy of each indicator and
 * handing it straight to conversion; for a delta also re-fetches what is about to expire and collects what left
 * the set. Restartable: a resumed job runs this stage again from the start.
 */
export async function runDownloadStage(
  ctx: EngineContext,
  requestId: string,
  cp: JobCheckpoint,
  progress: JobProgress,
  sink: ConversionSink,
  signal: AbortSignal,
) {
  const files = jobFiles(ctx.options.outPath, requestId);
  Object.assign(progress.counts, { downloaded: 0, duplicates: 0 });
  const delta = cp.effectiveMode === 'delta' && cp.since !== undefined;
  const plan = planQueries({
    queries: cp.queries,
    mode: cp.effectiveMode,
    ...(cp.since ? { since: new Date(cp.since) } : {}),
    lastSuccessQueries: JSON.parse(ctx.kv.get('lastSuccessQueries') ?? '[]') as QueryConfig[],
  });
  for (const planned of plan) {
    signal.throwIfAborted();
    const q = cp.queries[planned.index]!;
    const label = `Download query ${planned.index + 1} (${q.owners.join(', ')}: ${q.indicatorTypes.join(', ')})${delta && !planned.whole ? ', changes only' : ''}`;
    await runTask(ctx, { name: label, kind: 'download', requestId }, async () => {
      const tally = await downloadInto(sink, planned, ctx, progress, false, signal);
      return `${tally.received} indicators, ${tally.duplicates} duplicates dropped`;
    });
    progress.stage('download', (planned.index + 1) / (plan.length + (delta ? 1 : 0)));
    progress.flush();
  }
  if (delta && ctx.options.keepAlive) await refreshExpiring(ctx, cp, files, sink, progress, requestId, signal);
  if (delta && ctx.options.revokeRemoved) await collectDeleted(ctx, cp, files, requestId, signal);
}
