/**
 * The HTTP API's request and response shapes (README, "The HTTP API"), shared by the routes and the UI's API client.
 * The JSON Schemas in `schemas/` are typed against these, so a schema cannot drift from its type.
 */
import type { ErrorStep, Job, JobStatus, JobType, QueryConfig, Task, TaskKind, TaskStatus, UpdateMode } from '../export/types';

export type { ConfigProblem, PreviewResult, ReconcileState } from '../export/export-service';
export type { DriftItem, DriftKind, IndicatorLookup, ReconcileSummary, TypeTally, UnknownResolution } from '../export/types';

/** Body of PUT /api/config. */
export interface ConfigInput {
  queries: QueryConfig[];
  nextUpdate: UpdateMode;
  /** The revision these edits started from (GET /api/config); a stale one is refused with 409. */
  revision?: number;
  /** With nextUpdate full: that update sends every object ("Force re-send all"). */
  resendAll?: boolean;
}

/** Body of POST /api/jobs. */
export interface StartJobInput {
  mode: UpdateMode;
  /** A full update that sends every object, even those Sentinel holds as they are ("Force re-send all"). */
  resendAll?: boolean;
}

/** Body of POST /api/reconcile. */
export interface StartReconcileInput {
  /** List every object even when the counts agree. */
  full?: boolean;
}

/** Body of POST /api/reconcile/unknown: what to do with every unknown object, and how many the person saw. */
export interface ResolveUnknownInput {
  action: 'revoke' | 'adopt';
  count: number;
}

/** GET /api/reconcile/drift. */
export interface DriftQuery {
  kind?: 'missing' | 'unknown' | 'altered';
  page: number;
  pageSize: number;
}

/** GET /api/indicators: `q` is a value (as sent: the start of it), a STIX id or a ThreatConnect id. */
export interface LookupQuery {
  q: string;
}

/** Body of POST /api/jobs/:requestId/held-revocations: send the held revocations, or drop them. */
export interface HeldDecisionInput {
  action: 'revoke' | 'discard';
}

/** Body of POST /api/state/restore: the copy to restore, by name (GET /api/state lists them). */
export interface RestoreStateInput {
  backup: string;
}

/** One entry of GET /api/owners. */
export interface OwnerSummary {
  id: number;
  name: string;
  type: string;
}

/** Answer of GET /api/jobs/:requestId. */
export type JobWithTasks = Job & { tasks: Task[] };

/** Answer of POST /api/jobs. */
export interface StartJobResult {
  requestId: string;
}

interface PageQuery {
  page: number;
  pageSize: number;
}

/** GET /api/jobs query; `status` may repeat or be comma-separated. */
export interface JobsQuery extends PageQuery {
  type?: JobType;
  status?: JobStatus[];
  requestId?: string;
}

/** GET /api/tasks query. */
export interface TasksQuery extends PageQuery {
  kind?: TaskKind[];
  status?: TaskStatus[];
  requestId?: string;
}

/** GET /api/errors query. */
export interface ErrorsQuery extends PageQuery {
  requestId?: string;
  step?: ErrorStep[];
  /** Identical errors merged, with a count. */
  grouped?: boolean;
}

/** One problem with a request, `path` naming the field like `queries/1/tql`. */
export interface ProblemDetail {
  path: string;
  message: string;
}

/**
 * Every error answer. Validation errors (400) list their problems in `details`; other errors may carry an
 * object there (the service's 404 names the method and path, its 500 the request ID).
 */
export interface ApiErrorBody {
  error: string;
  details?: ProblemDetail[] | Record<string, unknown>;
}

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

/** What GET /api/state answers, and what every screen's banner shows. */
export interface StateView {
  /**
   * `ok`; `damaged`: state.db failed SQLite's check at start-up, no job runs; `missing`: state.db was not there
   * although the out folder shows earlier use (jobs run; what was sent before is not known to the App).
   */
  status: 'ok' | 'damaged' | 'missing';
  /** What happened and what it means, for the banner. */
  message?: string;
  /** The way out, for the banner. */
  wayOut?: string;
  /** SQLite's words (damaged). */
  problems?: string[];
  /** The copies a restore can use, newest first. */
  backups: Array<{ name: string; createdAt: string; bytes: number }>;
  /** How long the start-up check took. */
  checkMs: number;
  /** Set after a restore in this run. */
  restoredFrom?: string;
}
