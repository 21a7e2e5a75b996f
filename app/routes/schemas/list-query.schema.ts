import type { JSONSchemaType } from 'ajv';
import { ERROR_STEPS, JOB_STATUSES, JOB_TYPES, TASK_KINDS, TASK_STATUSES } from '../../export/types';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, type DriftQuery, type LookupQuery, type ErrorsQuery, type JobsQuery, type TasksQuery } from '../api-types';

// Query strings arrive as text: these schemas run with type coercion (see validate-request.ts), and list
// parameters have already been split on commas and repeated keys merged.

const page = { type: 'integer', minimum: 1, maximum: 1_000_000, default: 1 } as const;
const pageSize = { type: 'integer', minimum: 1, maximum: MAX_PAGE_SIZE, default: DEFAULT_PAGE_SIZE } as const;
const requestId = { type: 'string', maxLength: 100, nullable: true } as const;

function listOf<T extends string>(values: readonly T[]) {
  return { type: 'array', uniqueItems: true, items: { type: 'string', enum: [...values] }, nullable: true } as const;
}

/** Parameters that may repeat or be comma-separated, per route. */
export const LIST_PARAMS = {
  jobs: ['status'],
  tasks: ['kind', 'status'],
  errors: ['step'],
  drift: [],
  lookup: [],
} as const;

export const jobsQuerySchema: JSONSchemaType<JobsQuery> = {
  type: 'object',
  additionalProperties: false,
  required: ['page', 'pageSize'],
  properties: {
    type: { type: 'string', enum: [...JOB_TYPES], nullable: true },
    status: listOf(JOB_STATUSES),
    requestId,
    page,
    pageSize,
  },
};

export const tasksQuerySchema: JSONSchemaType<TasksQuery> = {
  type: 'object',
  additionalProperties: false,
  required: ['page', 'pageSize'],
  properties: { kind: listOf(TASK_KINDS), status: listOf(TASK_STATUSES), requestId, page, pageSize },
};

export const errorsQuerySchema: JSONSchemaType<ErrorsQuery> = {
  type: 'object',
  additionalProperties: false,
  required: ['page', 'pageSize'],
  properties: { requestId, step: listOf(ERROR_STEPS), grouped: { type: 'boolean', nullable: true }, page, pageSize },
};

export const driftQuerySchema: JSONSchemaType<DriftQuery> = {
  type: 'object',
  additionalProperties: false,
  required: ['page', 'pageSize'],
  properties: { kind: { type: 'string', enum: ['missing', 'unknown', 'altered'], nullable: true }, page, pageSize },
};

export const lookupQuerySchema: JSONSchemaType<LookupQuery> = {
  type: 'object',
  additionalProperties: false,
  required: ['q'],
  properties: { q: { type: 'string', minLength: 1, maxLength: 500 } },
};
