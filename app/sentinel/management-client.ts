import { HttpAuthError, sleep, type Logger } from '../../sdk';
import { bearerAuth, createExternalHttp, type ExternalHttpOptions } from './external-http';
import { SentinelError } from './sentinel-error';
import type { TokenProvider } from './token-provider';

/**
 * Microsoft Sentinel's management API (Azure Resource Manager), the parts reconciliation reads: the
 * threat-intelligence `query` and `count` operations (docs/sentinel-api.md §4). It never deletes: taking an
 * indicator out of use stays a re-upload with `revoked: true`.
 */
export const MANAGEMENT_LIMITS = {
  /**
   * query and count exist only in preview api-versions (2024-04-01-preview on); 2025-07-01-preview is what the
   * OpenCTI connector pins and whose schema 2025-10-01-preview repeats. UNCONFIRMED against the live service.
   */
  apiVersion: '2025-07-01-preview',
  /** Objects per listing page asked for (`maxPageSize`). The API documents no maximum. UNCONFIRMED. */
  pageSize: 1000,
  /**
   * How a `nextLink` is followed: GET, the AutoRest convention for pageable operations (the simulator also takes
   * POST). UNCONFIRMED against the live service.
   */
  nextLinkMethod: 'GET' as 'GET' | 'POST',
  /**
   * ARM's token buckets per principal and subscription: writes 200 refilled at 10/s (POST counts as a write, an
   * inference), reads 250 at 25/s. The client keeps under the refill rates so a long listing never drains them.
   */
  writesPerSecond: 10,
  readsPerSecond: 25,
  /** Wait after a 429 without `Retry-After`. */
  defaultRetryAfterMs: 10_000,
  /** Attempts of one request on 429, 5xx and network errors. */
  maxAttempts: 6,
  requestTimeoutMs: 120_000,
};

export type ManagementLimits = typeof MANAGEMENT_LIMITS;

/** A clause of a query or count condition (field names seen: `source`, `id`, `lastUpdatedTimeUtc`). */
export interface QueryClause {
  field: string;
  operator: string;
  values: string[];
  clauseConnective?: 'And' | 'Or';
}

/** One object as the query answers it (`properties.data` is the STIX object). */
export interface TiObject {
  id: string;
  name: string;
  kind?: string;
  properties: {
    data: Record<string, unknown>;
    source?: string;
    firstIngestedTimeUtc?: string;
    lastIngestedTimeUtc?: string;
    lastUpdatedDateTimeUtc?: string;
  };
}

export interface ManagementClientOptions extends ExternalHttpOptions {
  managementUrl: string;
  subscriptionId: string;
  resourceGroup: string;
  workspaceName: string;
  tokenProvider: TokenProvider;
  logger: Logger;
  limits?: Partial<ManagementLimits>;
}

export interface ManagementClient {
  /** How many objects match `clauses` (And). */
  count(clauses: QueryClause[], signal?: AbortSignal): Promise<number>;
  /** Every object matching `clauses` (And), page by page. */
  list(clauses: QueryClause[], signal?: AbortSignal): AsyncGenerator<TiObject[]>;
  /** Requests sent so far (each attempt counts). */
  readonly requests: number;
  close(): void;
}

/** Spaces calls at `perSecond` (a rate, not a burst: ARM's bucket then never empties). */
function spacing(perSecond: number) {
  let next = 0;
  return async (signal?: AbortSignal) => {
    const now = Date.now();
    const at = Math.max(now, next);
    next = at + 1000 / perSecond;
    if (at > now) await sleep(at - now, signal);
  };
}

/** What to check for a management answer that retrying cannot fix, in the words of the parameters. */
export function managementStatusError(status: number, code: string | undefined, message: string | undefined): SentinelError {
  const said = message ? `: ${message}` : '';
  const label = `Sentinel's management API answered ${status}${code ? ` ${code}` : ''}${said}`;
  switch (status) {
    case 401:
      return new SentinelError(label, { status, code, hint: 'Check the Client ID, Tenant ID and Azure Cloud parameters (the token was refused)', fatal: true });
    case 403:
      return new SentinelError(label, {
        status,
        code,
        hint: 'Give the app registration the Microsoft Sentinel Contributor role on the workspace (Reader does not cover the threat-intelligence query)',
        fatal: true,
      });
    case 404: {
      const which =
        code === 'SubscriptionNotFound'
          ? 'Azure Subscription ID'
          : code === 'ResourceGroupNotFound'
            ? 'Azure Resource Group'
            : 'Sentinel Workspace Name (the name, not the ID) and Azure Resource Group';
      return new SentinelError(label, {
        status,
        code,
        hint: `Check the ${which} parameter${code === 'SubscriptionNotFound' ? '' : 's'}, and Azure Management URL if it is set`,
        fatal: true,
      });
    }
    case 400:
      return new SentinelError(label, { status, code, fatal: true });
    default:
      return new SentinelError(label, { status, code, fatal: false });
  }
}

function sameOrigin(link: string, base: string): boolean {
  try {
    return new URL(link).origin === new URL(base).origin;
  } catch {
    return false;
  }
}

function retryAfterMs(header: unknown, fallback: number): number {
  const seconds = Number(header);
  return Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : fallback;
}

/** An answer's JSON body (undefined when it is empty or not JSON: the status then says what happened). */
function parseJson(text: string): unknown {
  try {
    return text.trim() === '' ? undefined : (JSON.parse(text) as unknown);
  } catch {
    return undefined;
  }
}

/**
 * A client of the threat-intelligence query and count operations of one workspace: paced under ARM's limits,
 * waiting out 429s as `Retry-After` says, retrying 5xx and network errors, following `nextLink`.
 * @example for await (const page of client.list([{ field: 'source', operator: 'Equals', values: [source] }])) …
 */
export function createManagementClient(options: ManagementClientOptions): ManagementClient {
  const limits: ManagementLimits = { ...MANAGEMENT_LIMITS, ...options.limits };
  const http = createExternalHttp(options, limits.requestTimeoutMs, bearerAuth(options.tokenProvider));
  const workspace =
    `${options.managementUrl.replace(/\/+$/, '')}/subscriptions/${encodeURIComponent(options.subscriptionId)}/resourceGroups/${encodeURIComponent(options.resourceGroup)}` +
    `/providers/Microsoft.OperationalInsights/workspaces/${encodeURIComponent(options.workspaceName)}/providers/Microsoft.SecurityInsights/threatIntelligence/main`;
  const url = (operation: 'query' | 'count') => `${workspace}/${operation}?api-version=${encodeURIComponent(limits.apiVersion)}`;
  const log = options.logger.child({ component: 'sentinel-management' });
  const paceWrites = spacing(limits.writesPerSecond);
  const paceReads = spacing(limits.readsPerSecond);
  let requests = 0;

  async function call<T>(method: 'GET' | 'POST', target: string, body: unknown, signal?: AbortSignal): Promise<T> {
    let forceRefresh = false;
    for (let attempt = 1; ; attempt += 1) {
      await (method === 'GET' ? paceReads : paceWrites)(signal);
      requests += 1;
      let res;
      try {
        res = await http.request({
          method,
          url: target,
          renew: forceRefresh,
          headers: { accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
          ...(signal ? { signal } : {}),
        });
      } catch (err) {
        if (err instanceof HttpAuthError) throw err.cause;
        if (signal?.aborted) throw err;
        if (attempt >= limits.maxAttempts)
          throw new SentinelError(`Could not reach Sentinel's management API (${(err as Error).message})`, {
            hint: 'Check network access to the management host (and the proxy, if one is used)',
            cause: err,
          });
        await sleep(Math.min(30_000, 1000 * 2 ** (attempt - 1)), signal);
        continue;
      }
      const answer = parseJson(res.data);
      if (res.status >= 200 && res.status < 300) return answer as T;
      const error = (answer as { error?: { code?: string; message?: string } } | undefined)?.error;
      if (res.status === 401 && !forceRefresh) {
        forceRefresh = true; // the token may have expired in flight: one new one
        continue;
      }
      if ((res.status === 429 || res.status >= 500) && attempt < limits.maxAttempts) {
        const wait = res.status === 429 ? retryAfterMs(res.headers['retry-after'], limits.defaultRetryAfterMs) : Math.min(30_000, 1000 * 2 ** (attempt - 1));
        log.warn(res.status === 429 ? 'The management API throttled the request (429); waiting as told' : 'The management API failed; retrying', {
          status: res.status,
          waitMs: wait,
          attempt,
        });
        await sleep(wait, signal);
        continue;
      }
      throw managementStatusError(res.status, error?.code, error?.message);
    }
  }

  return {
    async count(clauses, signal) {
      // The spec's example form (no `properties` wrapper); the simulator takes both.
      const answer = await call<{ count?: unknown }>('POST', url('count'), { condition: { clauses, conditionConnective: 'And' } }, signal);
      if (typeof answer?.count !== 'number') throw new SentinelError("Sentinel's management API answered a count without a number");
      return answer.count;
    },
    async *list(clauses, signal) {
      let page = await call<{ value?: unknown; nextLink?: unknown }>(
        'POST',
        url('query'),
        { condition: { clauses, conditionConnective: 'And', stixObjectType: 'indicator' }, maxPageSize: limits.pageSize },
        signal,
      );
      for (;;) {
        if (!Array.isArray(page?.value)) throw new SentinelError("Sentinel's management API answered a query without a value list");
        yield page.value as TiObject[];
        if (typeof page.nextLink !== 'string' || page.nextLink === '') return;
        // The token goes only to the management host: a nextLink elsewhere is refused, not followed.
        if (!sameOrigin(page.nextLink, options.managementUrl))
          throw new SentinelError("Sentinel's management API answered a nextLink to another host; it was not followed");
        page = await call(limits.nextLinkMethod, page.nextLink, limits.nextLinkMethod === 'POST' ? {} : undefined, signal);
      }
    },
    get requests() {
      return requests;
    },
    close: () => http.close(),
  };
}
