import http from 'node:http';
import https from 'node:https';
import tls from 'node:tls';
import axios, { type AxiosProxyConfig, type AxiosResponse } from 'axios';
import { revealValue, type Secret } from '../inputs/secret';
import { errorMessage } from '../error-message';

/** A forward proxy (the platform's `tc_proxy_*` inputs). */
export interface HttpProxyOptions {
  host: string;
  port: number;
  protocol?: 'http' | 'https';
  username?: string;
  password?: Secret | string;
}

/** What an auth hook is told of the request it signs. `renew`: the server refused the last credentials (401). */
export interface AuthRequest {
  method: string;
  url: URL;
  renew: boolean;
}

/** Auth as a hook: the headers that authenticate one request (a signature, a bearer token). */
export type AuthHook = (request: AuthRequest) => Promise<Record<string, string>> | Record<string, string>;

export interface HttpClientOptions {
  /** The proxy to go through; none (and none picked up from HTTP(S)_PROXY) without it. */
  proxy?: HttpProxyOptions;
  /** Verify the server's certificate (default true). */
  verify?: boolean;
  /** Extra PEM certificate(s) to trust besides the system's (a private authority, a simulator's own). */
  ca?: string;
  /** Connections kept per host (default unbounded). */
  maxSockets?: number;
  /** Per-request timeout (default 120 s). */
  timeoutMs?: number;
  /** Headers sent with every request (a request's own win). */
  headers?: Record<string, string>;
  auth?: AuthHook;
}

export interface HttpRequest {
  url: string;
  method?: string;
  headers?: Record<string, string>;
  /** Sent as given: callers serialize their bodies themselves. */
  body?: string | Buffer;
  signal?: AbortSignal;
  /** Hand the body back as bytes rather than text. */
  bytes?: boolean;
  timeoutMs?: number;
  /** Skip the auth hook (a call that carries its credentials itself). */
  anonymous?: boolean;
  /** Tell the auth hook the last credentials were refused. */
  renew?: boolean;
}

/** An answer: any status comes back (the caller decides what is an error); the body as text, or bytes. */
export type HttpResponse<T extends string | Buffer = string> = AxiosResponse<T>;

export interface HttpClient {
  request(request: HttpRequest & { bytes: true }): Promise<HttpResponse<Buffer>>;
  request(request: HttpRequest): Promise<HttpResponse<string>>;
  /** A client with these options laid over this one's (headers merged); it shares this one's connections unless its TLS or proxy options differ. */
  extend(options: HttpClientOptions): HttpClient;
  /** Closes the connections this client opened. */
  close(): void;
}

/** The auth hook failed: no request was sent. `cause` is what the hook threw. */
export class HttpAuthError extends Error {
  constructor(cause: unknown) {
    super(errorMessage(cause), { cause });
    this.name = 'HttpAuthError';
  }
}

export const DEFAULT_HTTP_TIMEOUT_MS = 120_000;

/** axios proxy settings (`false`: no proxy, and none picked up from the environment behind the platform's back). */
function axiosProxy(proxy: HttpProxyOptions | undefined): AxiosProxyConfig | false {
  if (!proxy) return false;
  return {
    protocol: proxy.protocol ?? 'http',
    host: proxy.host,
    port: proxy.port,
    ...(proxy.username ? { auth: { username: proxy.username, password: revealValue(proxy.password) ?? '' } } : {}),
  };
}

function createAgents(options: HttpClientOptions) {
  // One secure context for the pool: passing `ca` itself would make the agent fold every certificate into the key
  // of each request's connection (hundreds of kilobytes of text per request).
  const trust = options.ca ? { secureContext: tls.createSecureContext({ ca: [...tls.rootCertificates, options.ca] }) } : {};
  const sockets = options.maxSockets ? { maxSockets: options.maxSockets } : {};
  return {
    http: new http.Agent({ keepAlive: true, ...sockets }),
    https: new https.Agent({ keepAlive: true, ...sockets, rejectUnauthorized: options.verify !== false, ...trust }),
  };
}

const CONNECTION_OPTIONS = ['proxy', 'verify', 'ca', 'maxSockets'] as const;

/**
 * The HTTP client under every external call (ThreatConnect, Entra ID, Sentinel): pooled keep-alive connections,
 * the platform proxy, TLS verification and extra trusted CAs, no redirects (a redirect would carry credentials
 * where they were not meant to go), bodies sent and answers returned as text, every status handed back, and auth
 * as a hook. `extend` lays options over a client, ky-style.
 * @example const tc = createHttpClient({ proxy, headers: { Accept: 'application/json' }, auth: ({ method, url }) => sign(method, url) });
 */
export function createHttpClient(options: HttpClientOptions = {}, shared?: ReturnType<typeof createAgents>): HttpClient {
  const agents = shared ?? createAgents(options);
  const instance = axios.create({
    httpAgent: agents.http,
    httpsAgent: agents.https,
    proxy: axiosProxy(options.proxy),
    timeout: options.timeoutMs ?? DEFAULT_HTTP_TIMEOUT_MS,
    maxRedirects: 0,
    validateStatus: () => true,
    transitional: { clarifyTimeoutError: true },
    transformRequest: [(data: unknown) => data],
    transformResponse: [(data: unknown) => data],
  });

  async function request(req: HttpRequest): Promise<HttpResponse<string | Buffer>> {
    const method = req.method ?? 'GET';
    let auth: Record<string, string> = {};
    if (options.auth && !req.anonymous) {
      try {
        auth = await options.auth({ method, url: new URL(req.url), renew: req.renew === true });
      } catch (err) {
        throw new HttpAuthError(err);
      }
    }
    return instance.request<string | Buffer>({
      url: req.url,
      method,
      headers: { ...options.headers, ...req.headers, ...auth },
      data: req.body,
      responseType: req.bytes ? 'arraybuffer' : 'text',
      ...(req.timeoutMs ? { timeout: req.timeoutMs } : {}),
      ...(req.signal ? { signal: req.signal } : {}),
    });
  }

  return {
    request: request as HttpClient['request'],
    extend(more) {
      const merged: HttpClientOptions = { ...options, ...more, headers: { ...options.headers, ...more.headers } };
      const sameConnections = CONNECTION_OPTIONS.every((key) => !(key in more) || more[key] === options[key]);
      return sameConnections ? createHttpClient(merged, agents) : createHttpClient(merged);
    },
    close() {
      if (shared) return; // the client that opened them closes them
      agents.http.destroy();
      agents.https.destroy();
    },
  };
}
