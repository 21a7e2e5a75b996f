import type { JSONSchemaType } from 'ajv';
import { UPDATE_MODES } from '../../export/types';
import type { ConfigInput, HeldDecisionInput, ResolveUnknownInput, RestoreStateInput, StartJobInput, StartReconcileInput } from '../api-types';
import { queryConfigSchema } from './query-config.schema';

/** Most query configurations one list may hold; each one is a download pass of every job. */
export const MAX_QUERIES = 100;

/** Body of PUT /api/config. */
export const configInputSchema: JSONSchemaType<ConfigInput> = {
  type: 'object',
  additionalProperties: false,
  required: ['queries', 'nextUpdate'],
  properties: {
    queries: { type: 'array', maxItems: MAX_QUERIES, items: queryConfigSchema },
    nextUpdate: { type: 'string', enum: [...UPDATE_MODES] },
    revision: { type: 'integer', minimum: 0, nullable: true },
    resendAll: { type: 'boolean', nullable: true },
  },
};

/** Body of POST /api/jobs. */
export const startJobSchema: JSONSchemaType<StartJobInput> = {
  type: 'object',
  additionalProperties: false,
  required: ['mode'],
  properties: { mode: { type: 'string', enum: [...UPDATE_MODES] }, resendAll: { type: 'boolean', nullable: true } },
};

/** Body of POST /api/reconcile. */
export const startReconcileSchema: JSONSchemaType<StartReconcileInput> = {
  type: 'object',
  additionalProperties: false,
  properties: { full: { type: 'boolean', nullable: true } },
};

/** Body of POST /api/reconcile/unknown. */
export const resolveUnknownSchema: JSONSchemaType<ResolveUnknownInput> = {
  type: 'object',
  additionalProperties: false,
  required: ['action', 'count'],
  properties: { action: { type: 'string', enum: ['revoke', 'adopt'] }, count: { type: 'integer', minimum: 1 } },
};

/** Body of POST /api/jobs/:requestId/held-revocations. */
export const heldDecisionSchema: JSONSchemaType<HeldDecisionInput> = {
  type: 'object',
  additionalProperties: false,
  required: ['action'],
  properties: { action: { type: 'string', enum: ['revoke', 'discard'] } },
};

/** Body of POST /api/state/restore: a copy's name as the App writes them. */
export const restoreStateSchema: JSONSchemaType<RestoreStateInput> = {
  type: 'object',
  additionalProperties: false,
  required: ['backup'],
  properties: { backup: { type: 'string', pattern: '^state-[0-9]{8}T[0-9]{9}Z\\.db$' } },
};
