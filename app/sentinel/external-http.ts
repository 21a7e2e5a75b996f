import http from 'node:http';
import https from 'node:https';
import tls from 'node:tls';
import axios, { type AxiosInstance, type AxiosProxyConfig } from 'axios';
import { revealValue } from '../../sdk/inputs/secret';
import type { TcProxyOptions } from '../../sdk/threatconnect';

export interface ExternalHttpOptions {
  /** The platform proxy, when `tc_proxy_external` says to use it for hosts other than ThreatConnect. */
  proxy?: TcProxyOptions;
  /** Extra PEM certificate(s) to trust (a private authority, or a test's own). */
  ca?: string;
  timeoutMs?: number;
}

function proxyConfig(proxy: TcProxyOptions | undefined): AxiosProxyConfig | false {
  if (!proxy) return false; // never pick up HTTP(S)_PROXY from the environment unasked
  const password = revealValue(proxy.password);
  return {
    protocol: proxy.protocol ?? 'http',
    host: proxy.host,
    port: proxy.port,
    ...(proxy.username ? { auth: { username: proxy.username, password: password ?? '' } } : {}),
  };
}

/**
 * An axios instance for Microsoft endpoints: pooled keep-alive connections, the external proxy, optional extra
 * trusted CA, no redirects, and every status handed back to the caller (which decides what is an error).
 */
export function createExternalHttp(options: ExternalHttpOptions = {}): AxiosInstance {
  const trust = options.ca ? { ca: [...tls.rootCertificates, options.ca] } : {};
  return axios.create({
    httpAgent: new http.Agent({ keepAlive: true, maxSockets: 32 }),
    httpsAgent: new https.Agent({ keepAlive: true, maxSockets: 32, ...trust }),
    proxy: proxyConfig(options.proxy),
    timeout: options.timeoutMs ?? 120_000,
    maxRedirects: 0,
    validateStatus: () => true,
    transitional: { clarifyTimeoutError: true },
  });
}
