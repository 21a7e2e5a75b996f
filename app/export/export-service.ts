import type { DriftItem, DriftKind, IndicatorLookup, ReconcileSummary, TypeHoldings, UnknownAction, UnknownResolution } from './types';
/**
 * What the HTTP routes need from the export engine. The engine implements it; the routes depend only on this.
 */
import type { TcIndicatorType, TcOwner } from '../../sdk';
import type {
  ConfigState,
  ErrorGroupRecord,
  ErrorRecord,
  ErrorStep,
  Job,
  JobStatus,
  JobType,
  PageOf,
  QueryConfig,
  Task,
  TaskKind,
  TaskStatus,
  UpdateMode,
} from './types';

export interface JobFilter {
  type?: JobType;
  status?: JobStatus[];
  /** Substring of the request ID, case-insensitive. */
  requestId?: string;
  page?: number;
  pageSize?: number;
}

export interface TaskFilter {
  kind?: TaskKind[];
  status?: TaskStatus[];
  requestId?: string;
  page?: number;
  pageSize?: number;
}

export interface ErrorFilter {
  requestId?: string;
  step?: ErrorStep[];
  page?: number;
  pageSize?: number;
  /** Identical errors merged, with a count (ErrorGroupRecord items). */
  grouped?: boolean;
}

export interface PreviewResult {
  /** How many indicators the query matches in ThreatConnect. */
  count: number;
  /** How many of them are of each indicator type the query asks for (one count from ThreatConnect per type). */
  countsByType?: Partial<Record<TcIndicatorType, number>>;
  /** The STIX objects the first few matches become (conversion errors listed separately). */
  sample: object[];
  errors: Array<{ indicator: string; message: string }>;
}

/** A problem with one field of a submitted configuration; `path` like `queries/1/tql`. */
export interface ConfigProblem {
  path: string;
  message: string;
}

export interface ExportService {
  getConfig(): ConfigState;
  /** Checks every query (owners, types, TQL through the TC API, sort) and returns all problems; empty when valid. */
  checkConfig(queries: QueryConfig[]): Promise<ConfigProblem[]>;
  /**
   * Replaces the ordered list and sets the next scheduled update's mode; returns the new state (revision + 1). With
   * `revision`, only if it is still the stored one (else ConfigConflictError); `resendAll` makes that next full
   * update send every object ("Force re-send all").
   */
  saveConfig(input: { queries: QueryConfig[]; nextUpdate: UpdateMode; revision?: number; resendAll?: boolean }): ConfigState;
  listOwners(): Promise<TcOwner[]>;
  preview(query: QueryConfig): Promise<PreviewResult>;
  /** Starts an ad-hoc job (`resendAll`: a full update sends every object); throws JobConflictError while another job runs. */
  startJob(mode: UpdateMode, options?: { resendAll?: boolean }): { requestId: string };
  /**
   * Sends (`revoke`: the job reopened, only entries still as planned) or drops (`discard`) the revocations a job's
   * guard held; throws HeldRevocationsError (404/409) or JobConflictError.
   */
  decideHeldRevocations(requestId: string, decision: 'revoke' | 'discard'): Promise<Job>;
  listJobs(filter: JobFilter): PageOf<Job>;
  getJob(requestId: string): (Job & { tasks: Task[] }) | undefined;
  listTasks(filter: TaskFilter): PageOf<Task>;
  listErrors(filter: ErrorFilter): PageOf<ErrorRecord | ErrorGroupRecord>;
  /** Every error the filter matches (merged when `grouped`), as CSV lines, header first. */
  errorsCsv(filter: Omit<ErrorFilter, 'page' | 'pageSize'>): Iterable<string>;
  /** For /api/health. */
  health(): { runningJob?: string; followingUp?: string; nextRunAt?: string; lastSuccessAt?: string };
  /** Reconciliation with Sentinel: on or off, running, what the last one found. */
  reconcileState(): ReconcileState;
  /** Starts a reconciliation now (`full`: list even when the counts agree); JobConflictError while a job runs, ReconcileOffError when off. */
  startReconcile(full: boolean): void;
  /** The drift the last listing found. */
  listDrift(filter: { kind?: DriftKind; page: number; pageSize: number }): PageOf<DriftItem>;
  /** Where indicators the App sent stand, by value, STIX id or ThreatConnect id (at most 20). */
  lookupIndicators(q: string): Promise<IndicatorLookup[]>;
  /** What Sentinel holds from the App per indicator type, from the ledger (active, expiring within a day, expired, revoked). */
  holdings(): { at: string; types: TypeHoldings[] };
  /** Adopts or revokes every unknown object (`count` confirms how many); UnknownObjectsError, JobConflictError, ReconcileOffError. */
  resolveUnknown(action: UnknownAction, count: number): Promise<UnknownResolution>;
}

/** GET /api/reconcile. */
export interface ReconcileState {
  enabled: boolean;
  running: boolean;
  summary?: ReconcileSummary;
  /** When off: what turning it on gives, and what it needs. */
  help?: string;
}

/** Reconciliation asked for while its parameters are not set (the route answers 409). */
export class ReconcileOffError extends Error {
  constructor() {
    super('Reconciliation is off: set Azure Subscription ID, Azure Resource Group and Sentinel Workspace Name on the Service');
    this.name = 'ReconcileOffError';
  }
}

/** Thrown by startJob when a job is already running (the route answers 409). */
/** A save that started from an older revision than the one stored (someone else saved meanwhile). */
export class ConfigConflictError extends Error {
  constructor(
    readonly current: number,
    readonly edited: number,
  ) {
    super(
      `The configuration was saved by someone else meanwhile (revision ${current}; these edits started from revision ${edited}). Reload it, then make the edits again.`,
    );
    this.name = 'ConfigConflictError';
  }
}

export class JobConflictError extends Error {
  /** `what`: the work that holds the engine when it is not a job (a reconciliation). */
  constructor(
    readonly runningRequestId: string,
    what?: string,
  ) {
    super(what ? `${what} is running; try again when it ends` : `A job is already running (request ID ${runningRequestId})`);
    this.name = 'JobConflictError';
  }
}
