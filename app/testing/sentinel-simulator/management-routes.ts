import express, { Router, type Request, type Response } from 'express';
import type { SimulatorState } from './simulator-state';
import type { ListedObject, StoreFilter } from './sentinel-store';

/**
 * The threat-intelligence query and count operations of Microsoft Sentinel's management API (Azure Resource
 * Manager), as docs/sentinel-api.md §4 records them: CloudError answers, ARM's token-bucket throttle with
 * `Retry-After`, `nextLink` paging (followed with GET, the AutoRest convention, or POST: which one the service
 * takes is unconfirmed, so both are), both count body forms, and the objects the upload API stored.
 */

/** Preview versions that have query and count (2024-04-01-preview onwards; the newest stored is 2025-10-01-preview). */
export const MANAGEMENT_API_VERSIONS = [
  '2024-04-01-preview',
  '2025-01-01-preview',
  '2025-03-01',
  '2025-04-01-preview',
  '2025-06-01',
  '2025-07-01-preview',
  '2025-09-01',
  '2025-10-01-preview',
] as const;
/** A page when the request does not say `maxPageSize` (not documented). */
export const DEFAULT_PAGE_SIZE = 100;

const WORKSPACE =
  /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/Microsoft\.OperationalInsights\/workspaces\/([^/]+)\/providers\/Microsoft\.SecurityInsights\/threatIntelligence\/([^/]+)\/(query|count)$/i;

const TIME_OPERATORS: Record<string, (a: number, b: number) => boolean> = {
  GreaterThan: (a, b) => a > b,
  GreaterThanEqual: (a, b) => a >= b,
  LessThan: (a, b) => a < b,
  LessThanEqual: (a, b) => a <= b,
  AfterAbsolute: (a, b) => a > b,
  OnOrAfterAbsolute: (a, b) => a >= b,
  BeforeAbsolute: (a, b) => a < b,
  OnOrBeforeAbsolute: (a, b) => a <= b,
};

interface Clause {
  field?: unknown;
  operator?: unknown;
  values?: unknown;
  clauseConnective?: unknown;
}

interface Condition {
  clauses?: unknown;
  conditionConnective?: unknown;
  stixObjectType?: unknown;
}

class CloudError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

function cloudError(res: Response, status: number, code: string, message: string): void {
  res.status(status).json({ error: { code, message } });
}

/** ARM's timestamps as the query answers them: seven fractional digits, no zone letter. */
export function armTime(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 23)}0000`;
}

/** A token bucket per operation type, as ARM throttles a principal in a subscription. */
export class ArmBucket {
  #tokens: number;
  #at = Date.now();

  constructor(private readonly settings: { capacity: number; refillPerSecond: number }) {
    this.#tokens = settings.capacity;
  }

  /** Takes a token: the tokens left, or the seconds to wait before one is there. */
  take(now = Date.now()): { ok: true; remaining: number } | { ok: false; retryAfterSeconds: number } {
    const { capacity, refillPerSecond } = this.settings;
    this.#tokens = Math.min(capacity, this.#tokens + ((now - this.#at) / 1000) * refillPerSecond);
    this.#at = now;
    if (this.#tokens >= 1) {
      this.#tokens -= 1;
      return { ok: true, remaining: Math.floor(this.#tokens) };
    }
    return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - this.#tokens) / refillPerSecond)) };
  }

  reset(): void {
    this.#tokens = this.settings.capacity;
    this.#at = Date.now();
  }
}

function filterOf(condition: Condition | undefined): StoreFilter {
  if (condition === undefined || condition === null) return {};
  if (typeof condition !== 'object' || Array.isArray(condition)) throw new CloudError(400, 'BadRequest', 'condition must be an object.');
  const filter: StoreFilter = {};
  if (condition.stixObjectType !== undefined && condition.stixObjectType !== null) {
    if (typeof condition.stixObjectType !== 'string') throw new CloudError(400, 'BadRequest', 'condition.stixObjectType must be a string.');
    filter.type = condition.stixObjectType;
  }
  if (!Array.isArray(condition.clauses)) throw new CloudError(400, 'BadRequest', "The field 'condition.clauses' is required.");
  const connective = condition.conditionConnective ?? 'And';
  if (connective !== 'And' && connective !== 'Or') throw new CloudError(400, 'BadRequest', 'conditionConnective must be And or Or.');
  const tests: Array<(o: { source: string; id: string; updated: number }) => boolean> = (condition.clauses as Clause[]).map((clause, i) => {
    const where = `condition.clauses[${i}]`;
    if (
      typeof clause?.field !== 'string' ||
      typeof clause.operator !== 'string' ||
      !Array.isArray(clause.values) ||
      !clause.values.every((v) => typeof v === 'string')
    ) {
      throw new CloudError(400, 'BadRequest', `${where} needs field, operator and values (strings).`);
    }
    const values = clause.values as string[];
    const any = (clause.clauseConnective ?? 'Or') !== 'And';
    const join = (test: (v: string) => boolean) => (any ? values.some(test) : values.every(test));
    const { field, operator } = clause;
    if (field === 'source' || field === 'id') {
      const read = (o: { source: string; id: string }) => (field === 'source' ? o.source : o.id);
      if (operator === 'Equals') return (o) => join((v) => read(o) === v);
      if (operator === 'NotEquals') return (o) => join((v) => read(o) !== v);
      throw new CloudError(400, 'BadRequest', `${where}: operator ${operator} is not supported for ${field}.`);
    }
    if (field === 'lastUpdatedTimeUtc') {
      const compare = TIME_OPERATORS[operator];
      const times = values.map((v) => Date.parse(v));
      if (!compare || times.some((t) => Number.isNaN(t)))
        throw new CloudError(400, 'BadRequest', `${where}: operator ${operator} with values ${values.join(', ')} is not supported for ${field}.`);
      return (o) => (any ? times.some((t) => compare(o.updated, t)) : times.every((t) => compare(o.updated, t)));
    }
    throw new CloudError(400, 'BadRequest', `${where}: unknown field ${field}.`);
  });
  if (tests.length === 0) return filter;
  filter.match = ({ sourceSystem: source, id, lastUpdatedMs: updated }) => {
    const o = { source, id, updated };
    return connective === 'And' ? tests.every((t) => t(o)) : tests.some((t) => t(o));
  };
  return filter;
}

function tiObject(state: SimulatorState, workspacePath: string, item: ListedObject) {
  const prefix = Buffer.from(item.sourceSystem).toString('base64');
  const name = `${prefix}---${item.id}`;
  return {
    id: `${workspacePath}/threatintelligence/${name}`,
    name,
    type: 'Microsoft.SecurityInsights/threatintelligence',
    kind: 'Indicator',
    properties: {
      data: item.object,
      source: item.sourceSystem,
      firstIngestedTimeUtc: armTime(item.firstIngestedMs),
      lastIngestedTimeUtc: armTime(item.lastUpdatedMs),
      lastUpdatedDateTimeUtc: armTime(item.lastUpdatedMs),
      ingestionRulesVersion: '00000000-0000-0000-0000-000000000000',
      lastUpdateMethod: 'STIX Objects API',
      relationshipHints: null,
    },
  };
}

/** Where a listing goes on: the query and the position, in the nextLink's `$skipToken`. */
interface PageToken {
  condition?: Condition;
  pageSize: number;
  cursor: number;
}

/** The management routes (query, count) of the simulated workspace. */
export function managementRoutes(state: SimulatorState): Router {
  const router = Router();
  const json = express.json({ limit: '4mb' });
  const handle = (req: Request, res: Response) => {
    const match = WORKSPACE.exec(req.path);
    if (!match) return cloudError(res, 404, 'NotFound', `No route for ${req.method} ${req.path}`);
    const bearerToken = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    const expires = bearerToken ? state.tokens.get(bearerToken) : undefined;
    if (expires === undefined || expires <= Date.now()) {
      res.setHeader('www-authenticate', 'Bearer authorization_uri="https://login.microsoftonline.com/common", error="invalid_token"');
      return cloudError(
        res,
        401,
        expires === undefined ? 'AuthenticationFailed' : 'ExpiredAuthenticationToken',
        expires === undefined
          ? 'Authentication failed. The Authorization header is missing or invalid.'
          : 'The access token expiry UTC time is earlier than current UTC time.',
      );
    }
    const kind = req.method === 'GET' ? 'reads' : 'writes';
    const taken = state.management[kind].take();
    if (!taken.ok) {
      res.setHeader('retry-after', String(taken.retryAfterSeconds));
      return cloudError(
        res,
        429,
        'TooManyRequests',
        `The request is being throttled as the limit has been reached for operation type - ${kind === 'reads' ? 'Read' : 'Write'}_ObservationWindow_00:05:00. Please retry after ${taken.retryAfterSeconds} seconds.`,
      );
    }
    res.setHeader(`x-ms-ratelimit-remaining-subscription-${kind}`, String(taken.remaining));
    const apiVersion = String(req.query['api-version'] ?? '');
    if (!(MANAGEMENT_API_VERSIONS as readonly string[]).includes(apiVersion)) {
      return cloudError(
        res,
        400,
        'InvalidApiVersionParameter',
        `The api-version '${apiVersion}' is invalid. The supported versions are '${MANAGEMENT_API_VERSIONS.join(',')}'.`,
      );
    }
    const [, subscription, resourceGroup, workspace, tiType, operation] = match as unknown as [string, string, string, string, string, 'query' | 'count'];
    const target = state.management.target;
    if (decodeURIComponent(subscription).toLowerCase() !== target.subscriptionId.toLowerCase())
      return cloudError(res, 404, 'SubscriptionNotFound', `The subscription '${subscription}' could not be found.`);
    if (decodeURIComponent(resourceGroup).toLowerCase() !== target.resourceGroup.toLowerCase())
      return cloudError(res, 404, 'ResourceGroupNotFound', `Resource group '${resourceGroup}' could not be found.`);
    if (decodeURIComponent(workspace).toLowerCase() !== target.workspaceName.toLowerCase()) {
      return cloudError(
        res,
        404,
        'ResourceNotFound',
        `The Resource 'Microsoft.OperationalInsights/workspaces/${workspace}' under resource group '${resourceGroup}' was not found.`,
      );
    }
    if (state.management.forbidden) {
      return cloudError(
        res,
        403,
        'AuthorizationFailed',
        `The client '${state.credentials.clientId}' does not have authorization to perform action 'Microsoft.SecurityInsights/threatIntelligence/${operation}/action' over scope '${req.path.replace(/\/threatIntelligence\/.*$/i, '')}' or the scope is invalid.`,
      );
    }
    if (tiType !== 'main') return cloudError(res, 400, 'BadRequest', `The threat intelligence type '${tiType}' is not supported; use 'main'.`);
    try {
      const workspacePath = req.path.replace(/\/threatIntelligence\/.*$/i, '');
      if (operation === 'count') {
        if (req.method !== 'POST') return cloudError(res, 405, 'MethodNotAllowed', 'Use POST.');
        const body = (req.body ?? {}) as { condition?: Condition; properties?: { condition?: Condition } };
        // The schema wraps the condition in `properties`, the spec's example does not: both are taken.
        const condition = body.properties?.condition ?? body.condition;
        res.json({ count: state.store.count(filterOf(condition)) });
        return;
      }
      let token: PageToken;
      const skipToken = req.query.$skipToken;
      if (typeof skipToken === 'string') {
        try {
          token = JSON.parse(Buffer.from(skipToken, 'base64url').toString('utf8')) as PageToken;
        } catch {
          return cloudError(res, 400, 'BadRequest', 'The $skipToken is not valid.');
        }
      } else {
        if (req.method !== 'POST') return cloudError(res, 405, 'MethodNotAllowed', 'Use POST.');
        const body = (req.body ?? {}) as { condition?: Condition; maxPageSize?: unknown; sortBy?: unknown };
        if (body.sortBy !== undefined && body.sortBy !== null) return cloudError(res, 400, 'BadRequest', 'sortBy is not supported by this simulator.');
        const size = body.maxPageSize === undefined || body.maxPageSize === null ? DEFAULT_PAGE_SIZE : Number(body.maxPageSize);
        if (!Number.isInteger(size) || size < 1) return cloudError(res, 400, 'BadRequest', 'maxPageSize must be a positive integer.');
        token = { ...(body.condition ? { condition: body.condition } : {}), pageSize: size, cursor: 0 };
      }
      const page = state.store.list(filterOf(token.condition), token.cursor, token.pageSize);
      const value = page.items.map((item) => tiObject(state, workspacePath, item));
      const next = page.next === undefined ? undefined : Buffer.from(JSON.stringify({ ...token, cursor: page.next })).toString('base64url');
      res.json({
        value,
        ...(next ? { nextLink: `${state.management.baseUrl}${req.path}?api-version=${encodeURIComponent(apiVersion)}&$skipToken=${next}` } : {}),
      });
    } catch (err) {
      if (err instanceof CloudError) return cloudError(res, err.status, err.code, err.message);
      throw err;
    }
  };
  router.post(WORKSPACE, json, handle);
  router.get(WORKSPACE, handle);
  return router;
}
