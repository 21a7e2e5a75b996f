import { randomUUID } from 'node:crypto';
import { HeldRevocationsError } from '../../../app/export/engine/held-revocations';
import type { IndicatorLookup } from '../../../app/routes/api-types';
import { UnknownObjectsError } from '../../../app/export/reconcile/unknown-objects';
import { convertIndicator } from '../../../app/stix';
import {
  ConfigConflictError,
  JobConflictError,
  ReconcileOffError,
  type ReconcileState,
  type ConfigProblem,
  type ErrorFilter,
  type ExportService,
  type JobFilter,
  type PreviewResult,
  type TaskFilter,
} from '../../../app/export/export-service';
import {
  SORT_DIRECTIONS,
  SORT_FIELDS,
  type ConfigState,
  type DriftItem,
  type ErrorRecord,
  type Job,
  type QueryConfig,
  type Task,
  type UpdateMode,
  type UnknownAction,
  type UnknownResolution,
} from '../../../app/export/types';
import { TC_INDICATOR_TYPES, type TcOwner } from '../../../sdk/threatconnect/types';
import { CONVERT_OPTIONS, jobEffects, matchingIndicators, nextStatus, simulateExport } from './fake-job-run';
import { matchesText, pageOf } from './page-of';
import { SEED_OWNERS } from './seed-data';

/** Why ThreatConnect would refuse a TQL, as far as this double can tell: a parameter it does not know. */
function tqlProblem(tql: string): string | undefined {
  const unknown = /\b(bogus\w*)\b/.exec(tql.replace(/"[^"]*"/g, ''));
  return unknown ? `ThreatConnect rejected the TQL: unknown parameter '${unknown[1]}'` : undefined;
}

const newestFirst = <T extends { startedAt?: string; time?: string; id?: number }>(a: T, b: T) =>
  (b.startedAt ?? b.time ?? '').localeCompare(a.startedAt ?? a.time ?? '') || (b.id ?? 0) - (a.id ?? 0);

/**
 * An in-memory ExportService with the engine's observable behaviour: configuration checks, previews through the
 * real STIX conversion, one job at a time moving through the statuses (`advance()`), filters and paging newest
 * first. `calls` records what the routes passed; `failWith` makes the next call of a method throw.
 */
export class FakeExportService implements ExportService {
  config: ConfigState = { queries: [], nextUpdate: 'delta', revision: 0 };
  owners: TcOwner[] = [...SEED_OWNERS];
  jobs: Job[] = [];
  tasks: Task[] = [];
  errors: ErrorRecord[] = [];
  calls: Array<{ method: string; arg?: unknown }> = [];
  failWith: Partial<Record<keyof ExportService, Error>> = {};
  /** Reconciliation as the routes see it: off until a test turns it on. */
  reconcile: ReconcileState = { enabled: false, running: false, help: 'Reconciliation checks what Sentinel really holds.' };
  drift: DriftItem[] = [];
  /** What GET /api/indicators finds: these, filtered by the start of their name or an exact id. */
  indicators: IndicatorLookup[] = [];
  private nextId = 1;

  constructor(private readonly now: () => Date = () => new Date()) {}

  private record(method: keyof ExportService, arg?: unknown): void {
    this.calls.push({ method, arg });
    const failure = this.failWith[method];
    if (failure) {
      delete this.failWith[method];
      throw failure;
    }
  }

  getConfig(): ConfigState {
    this.record('getConfig');
    return this.config;
  }

  async checkConfig(queries: QueryConfig[]): Promise<ConfigProblem[]> {
    this.record('checkConfig', queries);
    const names = new Set(this.owners.map((o) => o.name));
    return queries.flatMap((q, i) => {
      const at = (f: string, message: string) => ({ path: `queries/${i}/${f}`, message });
      return [
        ...(q.owners.length === 0 ? [at('owners', 'Choose at least one owner')] : []),
        ...q.owners.filter((o) => !names.has(o)).map((o) => at('owners', `Owner "${o}" is not visible to the API user`)),
        ...(q.indicatorTypes.length === 0 ? [at('indicatorTypes', 'Choose at least one indicator type')] : []),
        ...q.indicatorTypes
          .filter((t) => !(TC_INDICATOR_TYPES as readonly string[]).includes(t))
          .map((t) => at('indicatorTypes', `Unknown indicator type "${t}"`)),
        ...[tqlProblem(q.tql)].filter((m): m is string => !!m).map((m) => at('tql', m)),
        ...(!(SORT_FIELDS as readonly string[]).includes(q.sortField) ? [at('sortField', 'Unknown sort field')] : []),
        ...(!(SORT_DIRECTIONS as readonly string[]).includes(q.sortDirection) ? [at('sortDirection', 'Unknown sort direction')] : []),
      ];
    });
  }

  saveConfig(input: { queries: QueryConfig[]; nextUpdate: UpdateMode; revision?: number }): ConfigState {
    this.record('saveConfig', input);
    if (input.revision !== undefined && input.revision !== this.config.revision) throw new ConfigConflictError(this.config.revision, input.revision);
    this.config = { queries: input.queries, nextUpdate: input.nextUpdate, revision: this.config.revision + 1 };
    return this.config;
  }

  async listOwners(): Promise<TcOwner[]> {
    this.record('listOwners');
    return this.owners;
  }

  async preview(query: QueryConfig): Promise<PreviewResult> {
    this.record('preview', query);
    const matches = matchingIndicators(query);
    const results = matches.slice(0, 5).map((i) => ({ i, r: convertIndicator(i, { ...CONVERT_OPTIONS, now: this.now() }) }));
    return {
      count: matches.length,
      sample: results.flatMap(({ r }) => (r.ok ? r.objects : [])),
      errors: results.flatMap(({ i, r }) => (r.ok ? [] : [{ indicator: i.summary, message: r.error.message }])),
    };
  }

  startJob(mode: UpdateMode): { requestId: string } {
    this.record('startJob', mode);
    const running = this.runningJob();
    if (running) throw new JobConflictError(running.requestId);
    return { requestId: this.addJob('ad-hoc', mode).requestId };
  }

  async decideHeldRevocations(requestId: string, decision: 'revoke' | 'discard'): Promise<Job> {
    this.record('decideHeldRevocations', { requestId, decision });
    const job = this.jobs.find((j) => j.requestId === requestId);
    if (!job) throw new HeldRevocationsError(`No job with request ID ${requestId}`, 404);
    if (job.held?.state !== 'held') throw new HeldRevocationsError(`Job ${requestId} has no revocations waiting for a decision`, 409);
    if (decision === 'revoke') {
      const running = this.runningJob();
      if (running) throw new JobConflictError(running.requestId);
      job.counts = { ...job.counts, revoked: job.counts.revoked + job.held.count };
    }
    job.held = { ...job.held, state: decision === 'revoke' ? 'confirmed' : 'discarded', decidedAt: this.now().toISOString() };
    return job;
  }

  /** Adds a job that has just started downloading. */
  addJob(type: Job['type'], mode: UpdateMode, startedAt = this.now().toISOString()): Job {
    const counts = { downloaded: 0, duplicates: 0, converted: 0, convertErrors: 0, uploaded: 0, rejected: 0, revoked: 0, refreshed: 0, current: 0 };
    const job: Job = { requestId: randomUUID(), type, mode, status: 'Download In Progress', startedAt, counts, progress: 0 };
    this.jobs.push(job);
    return job;
  }

  reconcileState(): ReconcileState {
    this.record('reconcileState');
    return this.reconcile;
  }

  startReconcile(full: boolean): void {
    this.record('startReconcile', { full });
    if (!this.reconcile.enabled) throw new ReconcileOffError();
    const running = this.runningJob();
    if (running) throw new JobConflictError(running.requestId);
    const at = this.now().toISOString();
    const count = (kind: DriftItem['kind']) => this.drift.filter((d) => d.kind === kind).length;
    this.reconcile = {
      ...this.reconcile,
      summary: {
        checkedAt: at,
        listedAt: at,
        mode: 'list',
        sentinelCount: 10,
        ledgerCount: 10,
        perType: [{ type: 'Address', sentinel: 8, expected: 9 }],
        missing: count('missing'),
        unknown: count('unknown'),
        altered: count('altered'),
        requests: 2,
        seconds: 0.1,
      },
    };
  }

  async lookupIndicators(q: string): Promise<IndicatorLookup[]> {
    this.record('lookupIndicators', q);
    return this.indicators.filter((i) => i.stixId === q || String(i.tcId) === q || i.name.toLowerCase().startsWith(q.toLowerCase())).slice(0, 20);
  }

  holdings() {
    this.record('holdings');
    return { at: '2026-12-07T00:00:00.000Z', types: [{ type: 'Address', active: 10, expiringSoon: 2, expired: 1, revoked: 3 }] };
  }

  listDrift(filter: { kind?: DriftItem['kind']; page: number; pageSize: number }) {
    this.record('listDrift', filter);
    return pageOf(
      this.drift.filter((d) => !filter.kind || d.kind === filter.kind),
      filter.page,
      filter.pageSize,
    );
  }

  async resolveUnknown(action: UnknownAction, count: number): Promise<UnknownResolution> {
    this.record('resolveUnknown', { action, count });
    if (!this.reconcile.enabled) throw new ReconcileOffError();
    const unknown = this.drift.filter((d) => d.kind === 'unknown');
    if (unknown.length === 0) throw new UnknownObjectsError('There are no unknown objects to resolve (run a reconciliation first)');
    if (unknown.length !== count)
      throw new UnknownObjectsError(
        `The last reconciliation found ${unknown.length} unknown objects, not ${count}: look at them again, then confirm that number`,
      );
    this.drift = this.drift.filter((d) => d.kind !== 'unknown');
    return { action, done: unknown.length, failed: 0 };
  }

  runningJob(): Job | undefined {
    return this.jobs.find((j) => j.status !== 'Upload Complete' && j.status !== 'Failed');
  }

  /** Moves the running job one status on, with the counts, tasks and errors of that step; false when none runs. */
  advance(): boolean {
    const job = this.runningJob();
    if (!job) return false;
    const at = this.now().toISOString();
    job.status = nextStatus(job.status);
    job.progress = Math.min(1, job.progress + 0.2);
    const effects = jobEffects(job.status, simulateExport(this.config.queries, this.now()), job.requestId, at);
    Object.assign(job.counts, effects.counts);
    for (const t of effects.tasks) this.tasks.push({ ...t, id: this.nextId++ });
    for (const e of effects.errors) this.errors.push({ ...e, id: this.nextId++ });
    if (job.status === 'Upload Complete') Object.assign(job, { progress: 1, endedAt: at });
    return true;
  }

  listJobs(filter: JobFilter) {
    this.record('listJobs', filter);
    const items = this.jobs
      .filter((j) => (!filter.type || j.type === filter.type) && (!filter.status || filter.status.includes(j.status)))
      .filter((j) => matchesText(j.requestId, filter.requestId));
    return pageOf([...items].sort(newestFirst), filter.page, filter.pageSize);
  }

  getJob(requestId: string) {
    this.record('getJob', requestId);
    const job = this.jobs.find((j) => j.requestId === requestId);
    return job && { ...job, tasks: this.tasks.filter((t) => t.requestId === requestId) };
  }

  listTasks(filter: TaskFilter) {
    this.record('listTasks', filter);
    const items = this.tasks
      .filter((t) => (!filter.kind || filter.kind.includes(t.kind)) && (!filter.status || filter.status.includes(t.status)))
      .filter((t) => matchesText(t.requestId, filter.requestId));
    return pageOf([...items].sort(newestFirst), filter.page, filter.pageSize);
  }

  listErrors(filter: ErrorFilter) {
    this.record('listErrors', filter);
    const items = this.errors.filter((e) => (!filter.step || filter.step.includes(e.step)) && matchesText(e.requestId, filter.requestId));
    return pageOf([...items].sort(newestFirst), filter.page, filter.pageSize);
  }

  *errorsCsv(filter: Omit<ErrorFilter, 'page' | 'pageSize'>) {
    this.record('errorsCsv', filter);
    yield 'time,request_id,step,message\r\n';
    for (const e of this.errors.filter((x) => !filter.step || filter.step.includes(x.step))) yield `${e.time},${e.requestId},${e.step},${e.message}\r\n`;
  }

  health() {
    this.record('health');
    const running = this.runningJob();
    return running ? { runningJob: running.requestId } : {};
  }
}
