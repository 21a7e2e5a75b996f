import fs from 'node:fs';
import path from 'node:path';
import type { EngineContext, JobCheckpoint } from '../engine-context';
import type { JobProgress } from '../job-progress';
import { errorMessage, TcApiError } from '../../../sdk';
import { indicatorFromSummary } from '../../stix/indicator-from-summary';
import { readIndicator } from '../../stix';
import { configurationLabel, planQueries, queryFor } from './plan-queries';
import type { QueryConfig } from '../types';
import type { IndicatorQuery } from '../indicator-source';
import type { ConversionSink, DownloadTally, PageKind } from './convert-stage';
import { jobFiles, type JobFiles } from '../files/job-files';
import { runTask } from '../run-task';
import { renewalHorizon } from './renewal-horizon';
import type { LedgerEntry } from '../state/ledger';

/** Ids per keep-alive query: keeps the TQL short enough for a GET URL. */
const KEEP_ALIVE_CHUNK = 200;

/**
 * Owners ThreatConnect refused (403) during this job: each reported once, as an error naming it. Their indicators
 * are not read, so none of them is revoked by this job either (the checkpoint keeps the list for the revoke stage).
 */
class DeniedOwners {
  constructor(
    private readonly ctx: EngineContext,
    private readonly cp: JobCheckpoint,
    private readonly requestId: string,
  ) {}

  has(owner: string): boolean {
    return this.cp.deniedOwners?.includes(owner) ?? false;
  }

  /** `err`: the 403 that refused it, or undefined when ThreatConnect no longer lists it for the API user. */
  add(owner: string, err: unknown): void {
    if (this.has(owner)) return;
    (this.cp.deniedOwners ??= []).push(owner);
    const why =
      err === undefined ? `ThreatConnect no longer lists owner "${owner}" for the API user` : `ThreatConnect refused access to owner "${owner}" (403)`;
    this.ctx.errors.add({
      requestId: this.requestId,
      step: 'download',
      message: `${why}: its indicators were not read by this job, and none of them is revoked until a job can read them again`,
      raw: { owner, ...(err === undefined ? {} : { error: errorMessage(err) }) },
    });
    this.ctx.logger.warn('ThreatConnect refused an owner; the job goes on without it', { requestId: this.requestId, owner });
  }
}

const isForbidden = (err: unknown) => err instanceof TcApiError && err.status === 403;

/**
 * Fetches every page of a query, as bytes, and hands each to conversion (which reads, deduplicates and converts
 * it); resolves once all of them are converted, with what came of them.
 */
async function downloadInto(
  sink: ConversionSink,
  query: IndicatorQuery,
  ctx: EngineContext,
  progress: JobProgress,
  kind: PageKind,
  origin: string,
  signal: AbortSignal,
) {
  const tally = sink.tally(kind, origin);
  const links = (body: Buffer) => sink.page(body, kind === 'refresh');
  for await (const _ of ctx.source.indicatorBodies(query, { signal, links })) progress.tick();
  await sink.drain();
  return tally;
}

/**
 * Downloads one configuration (narrowed by `options`) from the owners not refused yet. When ThreatConnect answers
 * 403, each owner is tried alone to find the ones it refuses; those are reported and the configuration is
 * downloaded again without them. A 403 no single owner explains fails the job as before.
 */
async function downloadConfig(
  env: DownloadEnv,
  q: QueryConfig,
  options: { since?: Date; ids?: number[] },
  kind: PageKind,
  origin: string,
): Promise<DownloadTally | undefined> {
  const { ctx, sink, progress, signal, denied } = env;
  const owners = q.owners.filter((o) => !denied.has(o));
  if (owners.length === 0) return undefined;
  try {
    return await downloadInto(sink, queryFor({ ...q, owners }, options), ctx, progress, kind, origin, signal);
  } catch (err) {
    if (!isForbidden(err)) throw err;
    const refused: string[] = [];
    for (const owner of owners) {
      signal.throwIfAborted();
      try {
        await ctx.source.sample(queryFor({ ...q, owners: [owner] }, options), 1);
      } catch (probe) {
        if (!isForbidden(probe)) throw probe;
        refused.push(owner);
      }
    }
    if (refused.length === 0) throw err;
    for (const owner of refused) denied.add(owner, err);
    return downloadConfig(env, q, options, kind, origin);
  }
}

/** What the downloads of one job share. */
interface DownloadEnv {
  ctx: EngineContext;
  sink: ConversionSink;
  progress: JobProgress;
  signal: AbortSignal;
  denied: DeniedOwners;
}

/**
 * Keep-alive: re-fetches, through each configuration, the sent indicators whose valid_until passes before the next
 * run, and those the last reconciliation did not find in Sentinel (they are sent again as they are now).
 */
async function refreshExpiring(env: DownloadEnv, cp: JobCheckpoint, files: JobFiles, requestId: string): Promise<void> {
  const { ctx, signal, denied } = env;
  const { options } = ctx;
  const deadline = renewalHorizon(ctx).toISOString();
  const wanted = new Map<number, { owner: string; stixIds: string[] }>(); // tc id -> its owner and stix ids expiring
  const want = (entry: LedgerEntry) => {
    const item = wanted.get(entry.tcId) ?? { owner: entry.owner, stixIds: [] };
    if (!item.stixIds.includes(entry.stixId)) item.stixIds.push(entry.stixId);
    wanted.set(entry.tcId, item);
  };
  if (options.keepAlive) for await (const entry of ctx.ledger.activeExpiringBefore(deadline)) want(entry);
  let missing = 0;
  for await (const entry of ctx.ledger.activeMissing()) {
    want(entry);
    missing += 1;
  }
  if (!options.keepAlive && missing === 0) return;
  const name = missing > 0 ? 'Keep-alive: re-fetch indicators about to expire or missing from Sentinel' : 'Keep-alive: re-fetch indicators about to expire';
  await runTask(ctx, { name, kind: 'keep-alive', requestId }, async () => {
    const found = new Set<number>();
    let kept = 0;
    for (const [index, q] of cp.queries.entries()) {
      const pending = [...wanted.keys()].filter((id) => !found.has(id));
      for (let i = 0; i < pending.length; i += KEEP_ALIVE_CHUNK) {
        signal.throwIfAborted();
        const ids = pending.slice(i, i + KEEP_ALIVE_CHUNK);
        const tally = await downloadConfig(env, q, { ids }, 'refresh', configurationLabel(index));
        if (!tally) continue;
        for (const id of tally.found) found.add(id);
        kept += tally.received - tally.duplicates;
      }
    }
    // Not found: no configuration returns it now. An owner ThreatConnect refused says nothing either way.
    const orphans = [...wanted].filter(([id, item]) => !found.has(id) && !denied.has(item.owner));
    if (options.revokeRemoved && orphans.length > 0)
      appendRemoved(
        files,
        orphans.flatMap(([, item]) => item.stixIds),
      );
    const lost = missing > 0 ? ` (${missing} of them missing from Sentinel)` : '';
    return `${wanted.size} expiring${lost}, ${kept} re-fetched, ${orphans.length} no longer matched`;
  });
}

function appendRemoved(files: JobFiles, stixIds: string[]): void {
  if (stixIds.length === 0) return;
  fs.appendFileSync(files.removed, stixIds.map((id) => `${id}\n`).join(''));
}

/**
 * Delta: collects what ThreatConnect reports deleted since the last run, for every owner the configurations read.
 * A deleted entry has no id (only owner, type and summary): its value is normalized as the converter normalizes
 * it (a File summary holds up to three hashes) into the STIX ids it had, and the ledger's active entries of those
 * ids sent from that owner are revoked.
 */
async function collectDeleted(env: DownloadEnv, cp: JobCheckpoint, files: JobFiles, requestId: string) {
  const { ctx, signal, denied } = env;
  const owners = [...new Set(cp.queries.flatMap((q: QueryConfig) => q.owners))];
  await runTask(ctx, { name: 'Collect indicators deleted in ThreatConnect', kind: 'download', requestId }, async () => {
    let deleted = 0;
    const stixIds = new Set<string>();
    for (const owner of owners) {
      if (denied.has(owner)) continue;
      try {
        for await (const d of ctx.source.deleted({ owner, since: cp.since! }, signal)) {
          deleted += 1;
          const indicator = indicatorFromSummary(d.type, d.summary);
          const read = indicator && readIndicator(indicator, ctx.options.sourceSystem);
          if (!read?.ok) continue;
          for (const id of read.ids) {
            const entry = ctx.ledger.get(id);
            if (entry && !entry.revoked && entry.owner === (d.ownerName ?? owner)) stixIds.add(id);
          }
        }
      } catch (err) {
        if (!isForbidden(err)) throw err;
        denied.add(owner, err);
      }
    }
    appendRemoved(files, [...stixIds]);
    return `${deleted} deleted in ThreatConnect, ${stixIds.size} of them sent before`;
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
  const env: DownloadEnv = { ctx, sink, progress, signal, denied: new DeniedOwners(ctx, cp, requestId) };
  // An owner the API user can no longer see may come back empty rather than refused: it is left out too, so that
  // what it holds is never taken for deleted.
  const visible = new Set((await ctx.source.owners()).map((o) => o.name));
  for (const owner of new Set(cp.queries.flatMap((q) => q.owners))) if (!visible.has(owner)) env.denied.add(owner, undefined);
  for (const planned of plan) {
    signal.throwIfAborted();
    const q = cp.queries[planned.index]!;
    const label = `Download query ${planned.index + 1} (${q.owners.join(', ')}: ${q.indicatorTypes.join(', ')})${delta && !planned.whole ? ', changes only' : ''}`;
    await runTask(ctx, { name: label, kind: 'download', requestId }, async () => {
      const started = ctx.now().getTime();
      const tally = await downloadConfig(env, q, planned.whole ? {} : { since: new Date(cp.since!) }, 'read', configurationLabel(planned.index));
      // A whole read is complete only with what changed while it ran: an edit can move an indicator to a part
      // of the sort order already read, and an added one can sort there. Those are read once more, by their
      // lastModified (a second copy of one already read is dropped as the duplicate it is).
      const caughtUp = planned.whole
        ? await downloadConfig(env, q, { since: new Date(started - ctx.options.deltaOverlapMs) }, 'catch-up', configurationLabel(planned.index))
        : undefined;
      const received = (tally?.received ?? 0) + (caughtUp ? caughtUp.received - caughtUp.duplicates : 0);
      return `${received} indicators, ${tally?.duplicates ?? 0} duplicates dropped${caughtUp ? `, ${caughtUp.received} changed while it ran read again` : ''}`;
    });
    progress.stage('download', (planned.index + 1) / (plan.length + (delta ? 1 : 0)));
    progress.flush();
  }
  if (delta) await refreshExpiring(env, cp, files, requestId);
  if (delta && ctx.options.revokeRemoved) await collectDeleted(env, cp, files, requestId);
}
