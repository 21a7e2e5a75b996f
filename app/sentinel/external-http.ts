import { createHttpClient, type AuthHook, type HttpClient, type HttpProxyOptions } from '../../sdk';

export interface ExternalHttpOptions {
  /** The platform proxy, when `tc_proxy_external` says to use it for hosts other than ThreatConnect. */
  proxy?: HttpProxyOptions;
  /** Extra PEM certificate(s) to trust (a private authority, or a test's own). */
  ca?: string;
}

/** The SDK's HTTP client as the Microsoft endpoints are reached: the external proxy, extra trust, 32 connections a host. */
export function createExternalHttp(options: ExternalHttpOptions, timeoutMs?: number, auth?: AuthHook): HttpClient {
  return createHttpClient({ proxy: options.proxy, ca: options.ca, maxSockets: 32, ...(timeoutMs ? { timeoutMs } : {}), ...(auth ? { auth } : {}) });
}

/** Sentinel's auth hook: the Entra bearer token, a new one after a 401. */
export function bearerAuth(tokens: { getToken(options?: { forceRefresh?: boolean }): Promise<string> }): AuthHook {
  return async ({ renew }) => ({ authorization: `Bearer ${await tokens.getToken({ forceRefresh: renew })}` });
}
