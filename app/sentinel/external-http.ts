import http from 'node:http';
import https from 'node:https';
import tls from 'node:tls';
import axios, { type AxiosInstance } from 'axios';
import type { TcProxyOptions } from '../../sdk/threatconnect';
import { axiosProxyConfig } from '../../sdk/threatconnect/create-http';

export interface ExternalHttpOptions {
  /** The platform proxy, when `tc_proxy_external` says to use it for hosts other than ThreatConnect. */
  proxy?: TcProxyOptions;
  /** Extra PEM certificate(s) to trust (a private authority, or a test's own). */
  ca?: string;
  timeoutMs?: number;
}

/**
 * An axios instance for Microsoft endpoints: pooled keep-alive connections, the external proxy, optional extra
 * trusted CA, no redirects, and every status handed back to the caller (which decides what is an error).
 */
export function createExternalHttp(options: ExternalHttpOptions = {}): AxiosInstance {
  // One secure context for the pool: passing `ca` itself would make the agent fold every certificate into the
  // key of each request's connection (hundreds of kilobytes of text per request).
  const trust = options.ca ? { secureContext: tls.createSecureContext({ ca: [...tls.rootCertificates, options.ca] }) } : {};
  return axios.create({
    httpAgent: new http.Agent({ keepAlive: true, maxSockets: 32 }),
    httpsAgent: new https.Agent({ keepAlive: true, maxSockets: 32, ...trust }),
    proxy: axiosProxyConfig(options.proxy),
    timeout: options.timeoutMs ?? 120_000,
    maxRedirects: 0,
    validateStatus: () => true,
    transitional: { clarifyTimeoutError: true },
    // Bodies are sent as the caller serialized them (axios would otherwise parse a JSON text again to check it).
    transformRequest: [(data: unknown) => data],
  });
}
