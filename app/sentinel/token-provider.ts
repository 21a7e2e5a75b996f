import { ConfidentialClientApplication, type INetworkModule, type NetworkRequestOptions, type NetworkResponse } from '@azure/msal-node';
import type { HttpClient, Logger, Secret } from '../../sdk';
import { isKnownAuthorityHost } from './clouds';
import { createExternalHttp, type ExternalHttpOptions } from './external-http';
import { SENTINEL_LIMITS } from './limits';
import { authError } from './sentinel-error';

export interface TokenProviderOptions extends ExternalHttpOptions {
  tenantId: string;
  clientId: string;
  clientSecret: Secret;
  authorityHost: string;
  scope: string;
  logger: Logger;
  /** Renew when less than this is left (default 5 minutes). */
  renewBeforeMs?: number;
  now?: () => number;
}

export interface TokenProvider {
  /** A valid bearer token; `forceRefresh` after a 401 gets a new one from Entra. */
  getToken(options?: { forceRefresh?: boolean }): Promise<string>;
}

/** msal-node's HTTP through our axios instance, so the proxy and trusted CAs apply to Entra calls too. */
function networkClient(http: HttpClient): INetworkModule {
  const send = async <T>(method: 'GET' | 'POST', url: string, options?: NetworkRequestOptions, timeout?: number): Promise<NetworkResponse<T>> => {
    const res = await http.request({
      method,
      url,
      headers: options?.headers ?? {},
      ...(options?.body !== undefined ? { body: options.body } : {}),
      ...(timeout ? { timeoutMs: timeout } : {}),
    });
    let body: unknown = res.data;
    try {
      body = JSON.parse(String(res.data));
    } catch {
      // non-JSON error pages are handed on as text
    }
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) headers[k.toLowerCase()] = String(v);
    return { status: res.status, headers, body: body as T };
  };
  return {
    sendGetRequestAsync: (url, options, timeout) => send('GET', url, options, timeout),
    sendPostRequestAsync: (url, options) => send('POST', url, options),
  };
}

/**
 * Entra ID client-credentials tokens for Sentinel, cached and renewed before they expire. A wrong secret, tenant
 * or client ID becomes one error naming the parameter to check.
 * @example const tokens = createTokenProvider({ tenantId, clientId, clientSecret, ...resolveSentinelEndpoints({}), logger });
 */
export function createTokenProvider(options: TokenProviderOptions): TokenProvider {
  const now = options.now ?? Date.now;
  const renewBefore = options.renewBeforeMs ?? SENTINEL_LIMITS.tokenRenewBeforeMs;
  const host = options.authorityHost.replace(/\/+$/, '');
  const app = new ConfidentialClientApplication({
    auth: {
      clientId: options.clientId,
      clientSecret: options.clientSecret.reveal(),
      authority: `${host}/${encodeURIComponent(options.tenantId)}`,
      // A private or test authority is not in msal's list of Microsoft clouds: trust it as given.
      ...(isKnownAuthorityHost(host) ? {} : { knownAuthorities: [new URL(host).host] }),
    },
    system: { networkClient: networkClient(createExternalHttp(options)) },
  });
  let cached: { token: string; expiresAt: number } | undefined;
  let pending: Promise<string> | undefined;

  const acquire = async (forceRefresh: boolean): Promise<string> => {
    try {
      const result = await app.acquireTokenByClientCredential({ scopes: [options.scope], skipCache: forceRefresh });
      if (!result?.accessToken) throw new Error('Entra ID returned no access token');
      cached = { token: result.accessToken, expiresAt: result.expiresOn ? result.expiresOn.getTime() : now() + 3600_000 };
      options.logger.debug('Obtained an Entra ID token', { expiresAt: new Date(cached.expiresAt).toISOString() });
      return cached.token;
    } catch (err) {
      const error = authError(err);
      options.logger.error('Entra ID sign-in failed', { error: error.message });
      throw error;
    }
  };

  return {
    getToken({ forceRefresh = false } = {}) {
      if (!forceRefresh && cached && cached.expiresAt - now() > renewBefore) return Promise.resolve(cached.token);
      // One request at a time: concurrent batches share the renewal.
      pending ??= acquire(forceRefresh || cached !== undefined).finally(() => (pending = undefined));
      return pending;
    },
  };
}
