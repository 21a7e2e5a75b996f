import { PARAM_TYPES } from './types';

// Our own JSON Schemas for install.json and layout.json. Unknown fields are refused (as TcEx's schema did) so a
// misspelt field is caught instead of silently ignored.

const paramSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['name', 'label', 'type'],
  properties: {
    name: { type: 'string', pattern: '^[a-z][a-z0-9_]*$' },
    label: { type: 'string', minLength: 1 },
    type: { enum: [...PARAM_TYPES] },
    required: { type: 'boolean' },
    encrypt: { type: 'boolean' },
    default: { type: ['string', 'boolean', 'number'] },
    validValues: { type: 'array', items: { type: 'string' } },
    note: { type: 'string' },
    hidden: { type: 'boolean' },
    sequence: { type: 'integer', minimum: 1 },
    allowMultiple: { type: 'boolean' },
    serviceConfig: { type: 'boolean' },
    playbookDataType: { type: 'array', items: { type: 'string' } },
  },
} as const;

export const INSTALL_JSON_SCHEMA = {
  $id: 'tc-install-json',
  type: 'object',
  additionalProperties: false,
  required: ['allowOnDemand', 'displayName', 'params', 'programLanguage', 'programMain', 'programVersion', 'runtimeLevel'],
  properties: {
    allowOnDemand: { type: 'boolean' },
    appId: { type: 'string', pattern: '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$' },
    displayName: { type: 'string', minLength: 1 },
    displayPath: { type: 'string', pattern: '^[a-z0-9_]+$' },
    features: { type: 'array', items: { type: 'string' }, uniqueItems: true },
    labels: { type: 'array', items: { type: 'string' } },
    languageVersion: { type: 'string', pattern: '^\\d+(\\.\\d+)*$' },
    listDelimiter: { type: 'string', minLength: 1 },
    minServerVersion: { type: 'string', pattern: '^\\d+\\.\\d+\\.\\d+$' },
    note: { type: 'string' },
    params: { type: 'array', items: paramSchema },
    programLanguage: { enum: ['NODE', 'PYTHON', 'JAVA'] },
    programMain: { type: 'string', minLength: 1 },
    programVersion: { type: 'string', pattern: '^\\d+\\.\\d+\\.\\d+$' },
    runtimeLevel: { enum: ['ApiService', 'Playbook', 'Organization', 'TriggerService', 'WebhookTriggerService', 'FeedApiService'] },
    sdkVersion: { type: 'string' },
    service: { type: 'object', additionalProperties: false, properties: { discoveryTypes: { type: 'array', items: { type: 'string' } } } },
  },
} as const;

const layoutEntry = {
  type: 'object',
  additionalProperties: false,
  required: ['name'],
  properties: { name: { type: 'string', minLength: 1 }, display: { type: 'string' } },
} as const;

export const LAYOUT_JSON_SCHEMA = {
  $id: 'tc-layout-json',
  type: 'object',
  additionalProperties: false,
  required: ['inputs'],
  properties: {
    inputs: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['title', 'sequence', 'parameters'],
        properties: {
          title: { type: 'string', minLength: 1 },
          sequence: { type: 'integer', minimum: 1 },
          parameters: { type: 'array', items: layoutEntry },
        },
      },
    },
    outputs: { type: 'array', items: layoutEntry },
  },
} as const;
