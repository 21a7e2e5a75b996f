/**
 * The HTTP API's request and response shapes (PRODUCT.md §5), shared by the routes and the UI's API client.
 * The JSON Schemas in `schemas/` are typed against these, so a schema cannot drift from its type.
 */
import type { ErrorStep, Job, JobStatus, JobType, QueryConfig, Task, TaskKind, TaskStatus, UpdateMode } from '../export/types';

export type { ConfigProblem, PreviewResult } from '../export/export-service';

/** Body of PUT /api/config. */
export interface ConfigInput {
  queries: QueryConfig[];
  nextUpdate: UpdateMode;
}

/** Body of POST /api/jobs. */
export interface StartJobInput {
  mode: UpdateMode;
}

/** Body of POST /api/jobs/:requestId/held-revocations: send the held revocations, or drop them. */
export interface HeldDecisionInput {
  action: 'revoke' | 'discard';
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
