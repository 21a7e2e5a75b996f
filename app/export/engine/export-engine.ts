import { convertIndicator } from '../../stix';
import { convertOptions, convertSettings } from '../convert/convert-line';
import { errorsCsv, toErrorRecord } from '../error-report';
import { lookupIndicators } from '../indicator-lookup';
import type { EngineContext } from '../engine-context';
import {
  ReconcileOffError,
  type ConfigProblem,
  type ErrorFilter,
  type ExportService,
  type JobFilter,
  type PreviewResult,
  type ReconcileState,
  type TaskFilter,
} from '../export-service';
import { listDrift, readSummary, runReconcile } from '../reconcile/reconcile';
import { resolveUnknown } from '../reconcile/unknown-objects';
import { errorMessage, outsideRequest, TcApiError } from '../../../sdk';

import { queryFor } from '../stages/plan-queries';
import { RECONCILE_WORK, Scheduler } from './scheduler';

/** Indicators a lookup answers at most. */
const LOOKUP_LIMIT = 20;
import { discardHeldRevocations, reopenForHeldRevocations, type HeldDecision } from './held-revocations';
import {
  type ConfigState,
  type ErrorGroupRecord,
  type ErrorRecord,
  type Job,
  type JobStatus,
  type JobType,
  type PageOf,
  type QueryConfig,
  type Task,
  type TaskKind,
  type TaskStatus,
  type UpdateMode,
} from '../types';
import type { JobRecord } from '../../../sdk';
import type { DriftItem, DriftKind, IndicatorLookup, JobCounts, TypeHoldings, UnknownAction, UnknownResolution } from '../types';
import { emptyCounts, type JobCheckpoint } from '../engine-context';

const PREVIEW_SAMPLE = 5;

function toJob(r: JobRecord<JobCounts, JobCheckpoint>): Job {
  return {
    requestId: r.requestId,
    type: r.type as JobType,
    mode: r.mode as UpdateMode,
    status: r.status as JobStatus,
    startedAt: r.startedAt,
    ...(r.endedAt ? { endedAt: r.endedAt } : {}),
    ...(r.error ? { error: r.error } : {}),
    counts: { ...emptyCounts(), ...r.counts },
    progress: r.progress,
    ...(r.checkpoint?.held ? { held: r.checkpoint.held } : {}),
  };
}

/** The export engine as the HTTP routes see it: configuration, jobs, tasks, errors, preview and health. */
export class ExportEngine implements ExportService {
  readonly scheduler: Scheduler;

  constructor(readonly ctx: EngineContext) {
    this.scheduler = new Scheduler(ctx);
  }

  start(): void {
    this.scheduler.start();
  }

  stop(): Promise<void> {
    return this.scheduler.stop();
  }

  getConfig(): ConfigState {
    return this.ctx.config.get();
  }

  /**
   * What only ThreatConnect can say of configurations the schema passed: owners the API user cannot see, and TQL
   * it refuses. The owners are read once, and each distinct (owners, types, TQL) asked once.
   */
  async checkConfig(queries: QueryConfig[]): Promise<ConfigProblem[]> {
    const problems: ConfigProblem[] = [];
    let ownerNames: Set<string> | undefined;
    try {
      ownerNames = new Set((await this.ctx.source.owners()).map((o) => o.name));
    } catch (err) {
      problems.push({ path: 'queries', message: `Could not read the owners from ThreatConnect: ${upstreamReason(err)}` });
    }
    const checked = new Map<string, Promise<string | undefined>>();
    for (const [i, q] of queries.entries()) {
      const at = (field: string) => `queries/${i}/${field}`;
      for (const owner of q.owners) {
        if (ownerNames && !ownerNames.has(owner)) problems.push({ path: at('owners'), message: `Owner "${owner}" is not visible to the API user` });
      }
      const query = queryFor(q);
      const key = JSON.stringify([[...q.owners].sort(), [...q.indicatorTypes].sort(), q.tql.trim()]);
      if (!checked.has(key))
        checked.set(
          key,
          this.ctx.source.sample(query, 1).then(() => undefined, tqlProblem),
        );
      const problem = await checked.get(key);
      if (problem) problems.push({ path: at('tql'), message: problem });
    }
    return problems;
  }

  saveConfig(input: { queries: QueryConfig[]; nextUpdate: UpdateMode; revision?: number; resendAll?: boolean }): ConfigState {
    const saved = this.ctx.config.save(input, this.ctx.now());
    if (input.resendAll && input.nextUpdate === 'full') this.ctx.kv.set('resendAllNext', String(saved.revision));
    else this.ctx.kv.delete('resendAllNext');
    return saved;
  }

  listOwners() {
    return this.ctx.source.owners();
  }

  async preview(query: QueryConfig): Promise<PreviewResult> {
    // The sample, and how many match of each type asked for: ThreatConnect counts each (its first page's `count`).
    const [{ count, indicators }, perType] = await Promise.all([
      this.ctx.source.sample(queryFor(query), PREVIEW_SAMPLE),
      Promise.all(
        query.indicatorTypes.map(async (type) => [type, (await this.ctx.source.sample(queryFor({ ...query, indicatorTypes: [type] }), 1)).count] as const),
      ),
    ]);
    const sample: object[] = [];
    const errors: PreviewResult['errors'] = [];
    const options = convertOptions(convertSettings(this.ctx.options, this.ctx.now()));
    for (const indicator of indicators) {
      const result = convertIndicator(indicator, options);
      if (result.ok) sample.push(...result.objects);
      else errors.push({ indicator: indicator.summary, message: result.error.message });
    }
    return { count, countsByType: Object.fromEntries(perType), sample, errors };
  }

  startJob(mode: UpdateMode, options: { resendAll?: boolean } = {}): { requestId: string } {
    return { requestId: this.scheduler.startAdHoc(mode, options) };
  }

  reconcileState(): ReconcileState {
    const summary = readSummary(this.ctx);
    if (!this.ctx.reconciler) {
      return {
        enabled: false,
        running: false,
        help: "Reconciliation checks what Sentinel really holds from the App against what it sent: indicators deleted or altered in Sentinel are found and re-sent, objects under the App's source it does not know are reported, and a full update then sends only what changed. Set Azure Subscription ID, Azure Resource Group and Sentinel Workspace Name on the Service (the app registration needs Microsoft Sentinel Contributor on the workspace, as for uploads).",
      };
    }
    // A job that has ended but still holds the engine is about to be reconciled (after its state copy).
    return {
      enabled: true,
      running: this.scheduler.followingUp !== undefined || this.scheduler.runningWork === RECONCILE_WORK,
      ...(summary ? { summary } : {}),
    };
  }

  startReconcile(full: boolean): void {
    const reconciler = this.ctx.reconciler;
    if (!reconciler) throw new ReconcileOffError();
    void this.scheduler
      .runExclusive(RECONCILE_WORK, () => outsideRequest(() => runReconcile(this.ctx, reconciler, { full })))
      .catch((err: unknown) => this.ctx.logger.warn('The reconciliation with Sentinel failed', { error: errorMessage(err) }));
  }

  listDrift(filter: { kind?: DriftKind; page: number; pageSize: number }): PageOf<DriftItem> {
    return listDrift(this.ctx, filter);
  }

  lookupIndicators(q: string): Promise<IndicatorLookup[]> {
    return lookupIndicators(this.ctx, q, LOOKUP_LIMIT);
  }

  holdings(): { at: string; types: TypeHoldings[] } {
    const now = this.ctx.now();
    const types = this.ctx.ledger.holdings(now.toISOString(), new Date(now.getTime() + 24 * 3600_000).toISOString());
    return { at: now.toISOString(), types };
  }

  resolveUnknown(action: UnknownAction, count: number): Promise<UnknownResolution> {
    if (!this.ctx.reconciler) throw new ReconcileOffError();
    return this.scheduler.runExclusive(action === 'revoke' ? 'A revocation of unknown objects' : 'An adoption of unknown objects', () =>
      outsideRequest(() => resolveUnknown(this.ctx, action, count)),
    );
  }

  async decideHeldRevocations(requestId: string, decision: HeldDecision): Promise<Job> {
    if (decision === 'discard') discardHeldRevocations(this.ctx, requestId);
    else await this.scheduler.runReopened(requestId, () => reopenForHeldRevocations(this.ctx, requestId));
    return toJob(this.ctx.jobs.get(requestId)!);
  }

  listJobs(filter: JobFilter): PageOf<Job> {
    const page = this.ctx.jobs.list(filter);
    return { ...page, items: page.items.map(toJob) };
  }

  getJob(requestId: string): (Job & { tasks: Task[] }) | undefined {
    const job = this.ctx.jobs.get(requestId);
    if (!job) return undefined;
    const running = this.ctx.live.progress?.requestId === requestId && !job.finished ? this.ctx.live.progress : undefined;
    const live = running?.live({ pausedUntil: this.ctx.uploader.pacer?.pausedUntil, ceilingPerMinute: this.ctx.uploader.ceilingPerMinute });
    const tasks = this.ctx.tasks.forJob(requestId).map((t) => ({ ...t, kind: t.kind as TaskKind, status: t.status as TaskStatus }));
    return { ...toJob(job), ...(live ? { live } : {}), tasks };
  }

  listTasks(filter: TaskFilter): PageOf<Task> {
    const page = this.ctx.tasks.list(filter);
    return { ...page, items: page.items.map((t) => ({ ...t, kind: t.kind as TaskKind, status: t.status as TaskStatus })) };
  }

  listErrors(filter: ErrorFilter): PageOf<ErrorRecord | ErrorGroupRecord> {
    const page = filter.grouped ? this.ctx.errors.listGrouped(filter) : this.ctx.errors.list(filter);
    return { ...page, items: page.items.map((e) => toErrorRecord(e)) };
  }

  *errorsCsv(filter: Omit<ErrorFilter, 'page' | 'pageSize'>): Generator<string> {
    const errors = this.ctx.errors;
    if (!filter.grouped) {
      yield* errorsCsv(
        (function* () {
          for (const e of errors.each(filter)) yield toErrorRecord(e);
        })(),
        false,
      );
      return;
    }
    // Merged errors are read a page of groups at a time (as many as there are: the filters bound them, not a page).
    const groups = function* () {
      for (let page = 1; ; page += 1) {
        const batch = errors.listGrouped({ ...filter, page, pageSize: 100 });
        for (const g of batch.items) yield toErrorRecord(g);
        if (page * batch.pageSize >= batch.total) return;
      }
    };
    yield* errorsCsv(groups(), true);
  }

  health() {
    const running = this.scheduler.runningJob;
    const lastSuccessAt = this.ctx.kv.get('lastSuccessAt');
    const followingUp = this.scheduler.followingUp;
    return {
      ...(running ? { runningJob: running } : {}),
      // The job has ended and its follow-up (the state's copy, the reconciliation) holds the engine until it ends.
      ...(followingUp ? { followingUp } : {}),
      nextRunAt: this.scheduler.nextRunAt().toISOString(),
      ...(lastSuccessAt ? { lastSuccessAt } : {}),
    };
  }
}

/** What to say next to a TQL field the check could not pass: ThreatConnect's own reason when it refused the query. */
function tqlProblem(err: unknown): string {
  if (err instanceof TcApiError && err.status === 400) return `ThreatConnect rejected the TQL: ${err.tcMessage ?? 'no reason given'}`;
  return `Could not check the TQL with ThreatConnect: ${upstreamReason(err)}`;
}

/** What went wrong talking to ThreatConnect, for an answer to a client: its status and own message, never a URL. */
function upstreamReason(err: unknown): string {
  if (err instanceof TcApiError && err.status !== undefined) return `ThreatConnect answered ${err.status}${err.tcMessage ? ` (${err.tcMessage})` : ''}`;
  return 'ThreatConnect did not answer';
}
