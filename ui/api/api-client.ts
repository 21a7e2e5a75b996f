import type { ErrorRecord, Job, PageOf, QueryConfig, Task, TypeHoldings, UpdateMode, ConfigState } from '../../app/export/types';
import type {
  ApiErrorBody,
  ConfigInput,
  DriftItem,
  DriftQuery,
  ErrorsQuery,
  IndicatorLookup,
  JobsQuery,
  JobWithTasks,
  OwnerSummary,
  PreviewResult,
  ReconcileState,
  ResolveUnknownInput,
  StartJobResult,
  StateView,
  TasksQuery,
  UnknownResolution,
} from '../../app/routes/api-types';
import { ApiError } from './api-error';
import { toQueryString } from './query-string';

/** What `GET /api/health` says that the UI uses; `export` is absent while the engine is not built (damaged state). */
export interface HealthAnswer {
  status: 'ok' | 'degraded';
  export?: { runningJob?: string; nextRunAt?: string; lastSuccessAt?: string };
}

/** What `GET /api/holdings` answers: what Sentinel holds from the App per indicator type, from the ledger, `at` a moment. */
export interface HoldingsAnswer {
  at: string;
  types: TypeHoldings[];
}

/** Filters as the screens hold them: everything optional, the server fills in the paging defaults. */
export type Filter<T> = Partial<T>;

/** The service's HTTP API as the UI calls it (PRODUCT.md §5). */
export interface ApiClient {
  /** Liveness, the running job and the next scheduled run. */
  getHealth(signal?: AbortSignal): Promise<HealthAnswer>;
  getConfig(signal?: AbortSignal): Promise<ConfigState>;
  saveConfig(input: ConfigInput): Promise<ConfigState>;
  owners(): Promise<OwnerSummary[]>;
  preview(query: QueryConfig): Promise<PreviewResult>;
  /** `resendAll` (full only): send every object, also those Sentinel holds unchanged. */
  startJob(mode: UpdateMode, options?: { resendAll?: boolean }): Promise<StartJobResult>;
  listJobs(filter: Filter<JobsQuery>, signal?: AbortSignal): Promise<PageOf<Job>>;
  getJob(requestId: string, signal?: AbortSignal): Promise<JobWithTasks>;
  /** Sends (`revoke`) or drops (`discard`) the revocations a job's guard held back. */
  decideHeldRevocations(requestId: string, action: 'revoke' | 'discard'): Promise<Job>;
  listTasks(filter: Filter<TasksQuery>, signal?: AbortSignal): Promise<PageOf<Task>>;
  /** The ledger's state (damaged, missing or ok) and its copies. */
  getState(signal?: AbortSignal): Promise<StateView>;
  restoreState(backup: string): Promise<StateView>;
  acknowledgeState(): Promise<StateView>;
  listErrors(filter: Filter<ErrorsQuery>, signal?: AbortSignal): Promise<PageOf<ErrorRecord>>;
  /** Reconciliation with Sentinel: on or off, running, what the last one found. */
  getReconcile(signal?: AbortSignal): Promise<ReconcileState>;
  /** Starts one now (`full`: list every object even when the counts agree). */
  startReconcile(full: boolean): Promise<ReconcileState>;
  listDrift(filter: Filter<DriftQuery>, signal?: AbortSignal): Promise<PageOf<DriftItem>>;
  /** Where indicators the App sent stand: by value (its start), STIX id or ThreatConnect id. */
  lookupIndicators(q: string, signal?: AbortSignal): Promise<IndicatorLookup[]>;
  /** What Sentinel holds from the App per indicator type, as the ledger records it. */
  getHoldings(signal?: AbortSignal): Promise<HoldingsAnswer>;
  /** Adopts or revokes every unknown object; `count` confirms how many the person saw. */
  resolveUnknown(input: ResolveUnknownInput): Promise<UnknownResolution>;
}

type Fetch = (url: string, init?: RequestInit) => Promise<Response>;

async function readError(res: Response): Promise<ApiError> {
  const text = await res.text().catch(() => '');
  try {
    const body = JSON.parse(text) as ApiErrorBody;
    // Only validation errors list problems; other errors may carry an object in `details`.
    const problems = Array.isArray(body.details) ? body.details.filter((d) => typeof d?.path === 'string' && typeof d.message === 'string') : [];
    if (typeof body.error === 'string') return new ApiError(res.status, body.error, problems);
  } catch {
    // Not JSON: a proxy's page, say. Fall through to the status line.
  }
  return new ApiError(res.status, `The service answered ${res.status} ${res.statusText}`.trim());
}

/**
 * Every URL is relative (`api/config`, never `/api/config`): ThreatConnect serves the App under
 * `/api/services/<path>/v1/`, which the UI does not know.
 */
export function createApiClient(fetchFn: Fetch = (url, init) => fetch(url, init)): ApiClient {
  async function call<T>(method: string, url: string, body?: unknown, signal?: AbortSignal): Promise<T> {
    let res: Response;
    try {
      res = await fetchFn(url, {
        method,
        headers: { accept: 'application/json', ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
        ...(signal ? { signal } : {}),
      });
    } catch (err) {
      if (signal?.aborted) throw err;
      throw new ApiError(0, `Could not reach the service (${err instanceof Error ? err.message : String(err)})`);
    }
    if (!res.ok) throw await readError(res);
    return (await res.json()) as T;
  }
  return {
    getHealth: (signal) => call('GET', 'api/health', undefined, signal),
    getConfig: (signal) => call('GET', 'api/config', undefined, signal),
    saveConfig: (input) => call('PUT', 'api/config', input),
    owners: () => call('GET', 'api/owners'),
    preview: (query) => call('POST', 'api/preview', query),
    startJob: (mode, options = {}) => call('POST', 'api/jobs', { mode, ...(mode === 'full' && options.resendAll ? { resendAll: true } : {}) }),
    listJobs: (filter, signal) => call('GET', `api/jobs${toQueryString(filter)}`, undefined, signal),
    getJob: (requestId, signal) => call('GET', `api/jobs/${encodeURIComponent(requestId)}`, undefined, signal),
    decideHeldRevocations: (requestId, action) => call('POST', `api/jobs/${encodeURIComponent(requestId)}/held-revocations`, { action }),
    getState: (signal) => call('GET', 'api/state', undefined, signal),
    restoreState: (backup) => call('POST', 'api/state/restore', { backup }),
    acknowledgeState: () => call('POST', 'api/state/acknowledge', {}),
    listTasks: (filter, signal) => call('GET', `api/tasks${toQueryString(filter)}`, undefined, signal),
    listErrors: (filter, signal) => call('GET', `api/errors${toQueryString(filter)}`, undefined, signal),
    getReconcile: (signal) => call('GET', 'api/reconcile', undefined, signal),
    startReconcile: (full) => call('POST', 'api/reconcile', { full }),
    listDrift: (filter, signal) => call('GET', `api/reconcile/drift${toQueryString(filter)}`, undefined, signal),
    resolveUnknown: (input) => call('POST', 'api/reconcile/unknown', input),
    getHoldings: (signal) => call('GET', 'api/holdings', undefined, signal),
    lookupIndicators: (q, signal) => call('GET', `api/indicators${toQueryString({ q })}`, undefined, signal),
  };
}
