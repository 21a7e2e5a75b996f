import type { NameValue } from '../name-values';

/** What Core asks for over the server topic (docs/platform-protocol.md §3), after validation. */
export type CoreCommand =
  | { kind: 'runService'; request: RunServiceRequest }
  | { kind: 'heartbeat' }
  | { kind: 'shutdown'; reason?: string }
  | { kind: 'loggingChange'; level: string }
  | { kind: 'acknowledged'; message: Record<string, unknown> }
  | { kind: 'brokerCheck'; message: Record<string, unknown> }
  | { kind: 'unknown'; command: string }
  /** Not usable; `requestKey` is set when the message named one, so the request can still be answered. */
  | { kind: 'malformed'; problems: string[]; requestKey?: string };

export interface RunServiceRequest {
  requestKey: string;
  method: string;
  path: string;
  queryParams: NameValue[];
  headers: NameValue[];
  /** The Redis hash field holding the body; absent means the request has no body. */
  bodyVariable?: string;
  apiToken?: string;
  /** Epoch seconds at which apiToken expires. */
  expireSeconds?: number;
  remoteAddress?: string;
}

const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);
const MAX_KEY_LENGTH = 256;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function nameValues(value: unknown, field: string, problems: string[]): NameValue[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) {
    problems.push(`${field} must be a list of {name, value}`);
    return [];
  }
  const list: NameValue[] = [];
  value.forEach((item, i) => {
    if (!isRecord(item) || typeof item.name !== 'string' || item.name === '') {
      problems.push(`${field}[${i}] must be {name, value} with a non-empty name`);
      return;
    }
    const v = item.value;
    if (v !== undefined && v !== null && typeof v === 'object') {
      problems.push(`${field}[${i}].value must be a string`);
      return;
    }
    list.push({ name: item.name, value: v === undefined || v === null ? '' : String(v) });
  });
  return list;
}

function optionalString(m: Record<string, unknown>, field: string, problems: string[]): string | undefined {
  const v = m[field];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') {
    problems.push(`${field} must be a string`);
    return undefined;
  }
  return v;
}

function parseRunService(m: Record<string, unknown>): CoreCommand {
  const problems: string[] = [];
  const key = m.requestKey;
  const requestKey = typeof key === 'string' && key.length > 0 && key.length <= MAX_KEY_LENGTH ? key : undefined;
  if (!requestKey) problems.push('requestKey must be a non-empty string');
  const method = typeof m.method === 'string' ? m.method.toUpperCase() : '';
  if (!METHODS.has(method)) problems.push(`method must be one of ${[...METHODS].join(', ')}`);
  if (typeof m.path !== 'string') problems.push('path must be a string');
  const queryParams = nameValues(m.queryParams, 'queryParams', problems);
  const headers = nameValues(m.headers, 'headers', problems);
  const bodyVariable = optionalString(m, 'bodyVariable', problems);
  const apiToken = optionalString(m, 'apiToken', problems);
  const remoteAddress = optionalString(m, 'remoteAddress', problems);
  let expireSeconds: number | undefined;
  if (m.expireSeconds !== undefined && m.expireSeconds !== null) {
    expireSeconds = Number(m.expireSeconds);
    if (!Number.isFinite(expireSeconds)) problems.push('expireSeconds must be a number');
  }
  if (problems.length > 0 || !requestKey) return { kind: 'malformed', problems, requestKey };
  return {
    kind: 'runService',
    request: {
      requestKey,
      method,
      path: m.path as string,
      queryParams,
      headers,
      bodyVariable: bodyVariable || undefined,
      apiToken: apiToken || undefined,
      expireSeconds,
      remoteAddress,
    },
  };
}

/**
 * Parses one server-topic payload. Never throws: anything unusable comes back as `malformed` with its problems.
 * @example parseCoreMessage(Buffer.from('{"command":"heartbeat"}')) // → { kind: 'heartbeat' }
 */
export function parseCoreMessage(payload: Buffer | string): CoreCommand {
  let m: unknown;
  try {
    m = JSON.parse(payload.toString());
  } catch {
    return { kind: 'malformed', problems: ['payload is not JSON'] };
  }
  if (!isRecord(m)) return { kind: 'malformed', problems: ['payload is not a JSON object'] };
  if (typeof m.command !== 'string') return { kind: 'malformed', problems: ['command must be a string'] };
  switch (m.command.toLowerCase()) {
    case 'runservice':
      return parseRunService(m);
    case 'heartbeat':
      return { kind: 'heartbeat' };
    case 'shutdown':
      return { kind: 'shutdown', reason: typeof m.reason === 'string' ? m.reason : undefined };
    case 'loggingchange':
      return typeof m.level === 'string' && m.level !== ''
        ? { kind: 'loggingChange', level: m.level }
        : { kind: 'malformed', problems: ['level must be a non-empty string'] };
    case 'acknowledged':
      return { kind: 'acknowledged', message: m };
    case 'brokercheck':
      return { kind: 'brokerCheck', message: m };
    default:
      return { kind: 'unknown', command: m.command };
  }
}
