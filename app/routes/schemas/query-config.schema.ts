import type { JSONSchemaType } from 'ajv';
import { TC_INDICATOR_TYPES } from '../../../sdk';
import { SORT_DIRECTIONS, SORT_FIELDS, type QueryConfig } from '../../export/types';

/** Longest TQL accepted; ThreatConnect's own limit is far above any hand-written query. */
export const TQL_MAX_LENGTH = 4000;

/** One query configuration (README, "The HTTP API"), as PUT /api/config and POST /api/preview accept it. */
export const queryConfigSchema: JSONSchemaType<QueryConfig> = {
  type: 'object',
  additionalProperties: false,
  required: ['owners', 'indicatorTypes', 'tql', 'sortField', 'sortDirection'],
  properties: {
    owners: {
      type: 'array',
      minItems: 1,
      maxItems: 500,
      uniqueItems: true,
      items: { type: 'string', minLength: 1, maxLength: 500 },
    },
    indicatorTypes: {
      type: 'array',
      minItems: 1,
      uniqueItems: true,
      items: { type: 'string', enum: [...TC_INDICATOR_TYPES] },
    },
    // `\S` (also rules out ""): a TQL of only spaces would become "()" in the composed query, which ThreatConnect rejects.
    tql: { type: 'string', maxLength: TQL_MAX_LENGTH, pattern: '\\S' },
    sortField: { type: 'string', enum: [...SORT_FIELDS] },
    sortDirection: { type: 'string', enum: [...SORT_DIRECTIONS] },
  },
};
