import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import type {
  ConfigInput,
  ErrorsQuery,
  DriftQuery,
  HeldDecisionInput,
  LookupQuery,
  JobsQuery,
  ResolveUnknownInput,
  RestoreStateInput,
  StartReconcileInput,
  StartJobInput,
  TasksQuery,
} from './api-types';
import { formatProblems } from './format-problems';
import type { ProblemDetail } from './api-types';
import { invalidRequest } from './route-errors';
import { normalizeQuery } from './normalize-query';
import { configInputSchema, heldDecisionSchema, resolveUnknownSchema, restoreStateSchema, startJobSchema, startReconcileSchema } from './schemas/body.schema';
import { driftQuerySchema, errorsQuerySchema, jobsQuerySchema, LIST_PARAMS, lookupQuerySchema, tasksQuerySchema } from './schemas/list-query.schema';
import { queryConfigSchema } from './schemas/query-config.schema';
import type { QueryConfig } from '../export/types';

/** The result of checking one request part: the typed value, or every problem found. */
export type Checked<T> = { ok: true; value: T } | { ok: false; problems: ProblemDetail[] };

export interface RequestValidators {
  configInput(body: unknown): Checked<ConfigInput>;
  queryConfig(body: unknown): Checked<QueryConfig>;
  startJob(body: unknown): StartJobInput;
  heldDecision(body: unknown): HeldDecisionInput;
  restoreState(body: unknown): RestoreStateInput;
  startReconcile(body: unknown): StartReconcileInput;
  resolveUnknown(body: unknown): ResolveUnknownInput;
  driftQuery(query: unknown): DriftQuery;
  lookupQuery(query: unknown): LookupQuery;
  jobsQuery(query: unknown): JobsQuery;
  tasksQuery(query: unknown): TasksQuery;
  errorsQuery(query: unknown): ErrorsQuery;
  /** Throws 400 unless `value` is a UUID; `name` is the parameter's name in the answer. */
  uuid(value: string, name: string): string;
}

function checker<T>(validate: ValidateFunction<T>, root: string) {
  return (data: unknown): Checked<T> => (validate(data) ? { ok: true, value: data } : { ok: false, problems: formatProblems(validate.errors, root) });
}

function orThrow<T>(check: (data: unknown) => Checked<T>, message: string) {
  return (data: unknown): T => {
    const result = check(data);
    if (!result.ok) throw invalidRequest(message, result.problems);
    return result.value;
  };
}

/** Compiles the request schemas once; bodies are checked strictly, query strings with type coercion. */
export function createRequestValidators(): RequestValidators {
  const bodies = new Ajv({ allErrors: true, strict: true, verbose: true });
  const queries = new Ajv({ allErrors: true, strict: true, verbose: true, coerceTypes: 'array', useDefaults: true });
  addFormats(queries, ['uuid']);
  const query = <T>(schema: ValidateFunction<T>, list: readonly string[]) => {
    const parse = orThrow(checker(schema, 'query'), 'Invalid query parameters');
    return (q: unknown) => parse(normalizeQuery(q, list));
  };
  const uuid = queries.compile<string>({ type: 'string', format: 'uuid' });
  return {
    configInput: checker(bodies.compile(configInputSchema), 'body'),
    queryConfig: checker(bodies.compile(queryConfigSchema), 'body'),
    startJob: orThrow(checker(bodies.compile(startJobSchema), 'body'), 'Invalid request body'),
    heldDecision: orThrow(checker(bodies.compile(heldDecisionSchema), 'body'), 'Invalid request body'),
    restoreState: orThrow(checker(bodies.compile(restoreStateSchema), 'body'), 'Invalid request body'),
    startReconcile: orThrow(checker(bodies.compile(startReconcileSchema), 'body'), 'Invalid request body'),
    resolveUnknown: orThrow(checker(bodies.compile(resolveUnknownSchema), 'body'), 'Invalid request body'),
    driftQuery: query(queries.compile(driftQuerySchema), LIST_PARAMS.drift),
    lookupQuery: query(queries.compile(lookupQuerySchema), LIST_PARAMS.lookup),
    jobsQuery: query(queries.compile(jobsQuerySchema), LIST_PARAMS.jobs),
    tasksQuery: query(queries.compile(tasksQuerySchema), LIST_PARAMS.tasks),
    errorsQuery: query(queries.compile(errorsQuerySchema), LIST_PARAMS.errors),
    uuid: (value, name) => {
      if (!uuid(value)) throw invalidRequest('Invalid request', [{ path: name, message: 'must be a UUID' }]);
      return value;
    },
  };
}
