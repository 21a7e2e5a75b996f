import http from 'node:http';
import https from 'node:https';
import axios, { type AxiosInstance, type AxiosProxyConfig } from 'axios';
import { revealValue } from '../inputs/secret';
import type { TcClientOptions } from './tc-client';

export const DEFAULT_TIMEOUT_MS = 120_000;

export interface HttpTransport {
  axios: AxiosInstance;
  close(): void;
}

/** axios proxy settings for the platform proxy (`false`: no proxy, and none picked up from the environment). */
export function axiosProxyConfig(proxy: TcClientOptions['proxy']): AxiosProxyConfig | false {
  if (!proxy) return false; // never pick up HTTP(S)_PROXY from the environment behind the platform's back
  const password = revealValue(proxy.password);
  return {
    protocol: proxy.protocol ?? 'http',
    host: proxy.host,
    port: proxy.port,
    ...(proxy.username ? { auth: { username: proxy.username, password: password ?? '' } } : {}),
  };
}

/**
 * The axios instance under the TC client: pooled keep-alive connections, TLS verification per `tc_verify`, the
 * platform proxy, no redirects (a redirect would carry credentials to a path they were not signed for), and the
 * body left as text so errors can quote ThreatConnect's message.
 */
export function createHttp(options: TcClientOptions): HttpTransport {
  const httpAgent = new http.Agent({ keepAlive: true });
  const httpsAgent = new https.Agent({ keepAlive: true, rejectUnauthorized: options.verify !== false });
  const instance = axios.create({
    httpAgent,
    httpsAgent,
    proxy: axiosProxyConfig(options.proxy),
    timeout: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    maxRedirects: 0,
    responseType: 'text',
    transformResponse: [(data: unknown) => data],
    validateStatus: () => true,
    headers: { Accept: 'application/json', 'User-Agent': options.userAgent ?? 'tc-app-sdk' },
  });
  return {
    axios: instance,
    close() {
      httpAgent.destroy();
      httpsAgent.destroy();
    },
  };
}
