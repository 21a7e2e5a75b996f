import type { AxiosResponse } from 'axios';
import type { Logger } from '../logger';
import { createAuthenticator } from './authenticator';
import { createHttpClient, HttpAuthError, type AuthHook } from '../http/create-http-client';
import { paginateBodies, paginateItems, paginateKeysetBodies, paginatePages } from './paginate';
import { redactUrl } from './redact-url';
import { parseApiPath, resolveTarget } from './resolve-target';
import { backoffDelay, DEFAULT_RETRY, isRetryableNetworkError, RETRY_STATUSES, retryAfterMs, sleep, type RetryOptions } from './retry-policy';
import { readTcMessage, TcApiError } from './tc-api-error';
import type { TcClient, TcClientOptions, TcRequestOptions } from './tc-client';
import { readRenewedToken, TokenKeeper } from './token-keeper';
import { errorMessage } from '../error-message';

interface SendOptions extends TcRequestOptions {
  /** /appAuth is called without credentials (the expired token is in the query). */
  anonymous?: boolean;
  /** Hand back a successful answer's bytes, undecoded and unparsed. */
  bytes?: boolean;
}

/** A network error without the request config axios attaches (its headers hold the credentials). */
function networkCause(err: unknown): Error {
  const message = errorMessage(err);
  const code = err && typeof err === 'object' && 'code' in err && typeof err.code === 'string' ? err.code : undefined;
  return Object.assign(new Error(message), code ? { code } : {});
}

/** An answer's body as bytes (axios gives a Buffer for `arraybuffer`; anything else is encoded). */
function asBytes(data: unknown): Buffer {
  if (Buffer.isBuffer(data)) return data;
  if (data instanceof ArrayBuffer) return Buffer.from(data);
  return Buffer.from(typeof data === 'string' ? data : '');
}

function parseBody(response: AxiosResponse<string>): unknown {
  const text = typeof response.data === 'string' ? response.data : '';
  if (text.trim() === '') return undefined;
  return JSON.parse(text) as unknown;
}

/**
 * The ThreatConnect REST client: HMAC or token auth (service tokens of the current request win), retries with
 * backoff on 5xx and network errors, one re-authenticated retry on 401, and paging over v3 lists.
 * @example const tc = createTcClient({ apiPath: inputs.tc_api_path, hmac: { accessId, secretKey }, logger });
 *          for await (const indicator of tc.paginate<TcIndicator>('/v3/indicators', { tql, fields: ['tags'] })) …
 */
export function createTcClient(options: TcClientOptions): TcClient {
  const base = parseApiPath(options.apiPath);
  const retry: RetryOptions = { ...DEFAULT_RETRY, ...options.retry };
  const log: Logger | undefined = options.logger;
  const nowMs = options.now ?? Date.now;
  log?.addSecret(options.hmac?.secretKey);
  log?.addSecret(options.token?.token);
  log?.addSecret(options.proxy?.password);

  const keeper = options.token
    ? new TokenKeeper(
        options.token.token,
        options.token.tokenExpires,
        async (expiredToken) => {
          const body = await send<unknown>('/appAuth', { params: { expiredToken }, anonymous: true });
          const renewed = readRenewedToken(body);
          if (!renewed) throw new TcApiError({ method: 'GET', url: `${base.href}/appAuth`, reason: 'the answer holds no apiToken' });
          log?.debug('ThreatConnect API token renewed', { expires: renewed.expires });
          return renewed;
        },
        () => Math.floor(nowMs() / 1000),
        (err) => log?.warn('ThreatConnect API token renewal failed; the current token is still valid', { error: String(err) }),
      )
    : undefined;
  const authenticate = createAuthenticator({ hmac: options.hmac, keeper, nowMs });
  /** The auth hook: signs exactly what goes on the wire, with an explicit per-call token when one is given. */
  const signedWith =
    (token?: TcRequestOptions['token']): AuthHook =>
    ({ method, url, renew }) =>
      authenticate({ method, pathAndQuery: url.pathname + url.search, token, renew });
  // Body left as text, so errors can quote ThreatConnect's message; the credentials as the auth hook.
  const http = createHttpClient({
    proxy: options.proxy,
    verify: options.verify !== false,
    timeoutMs: options.timeoutMs,
    headers: { Accept: 'application/json', 'User-Agent': options.userAgent ?? 'tc-app-sdk' },
    auth: signedWith(),
  });

  async function send<T>(target: string, opts: SendOptions = {}): Promise<T> {
    const method = opts.method ?? 'GET';
    let url: URL;
    try {
      url = resolveTarget(base, target, opts.params);
    } catch (err) {
      throw new TcApiError({ method, url: redactUrl(target), reason: (err as Error).message });
    }
    const safeUrl = redactUrl(url.href);
    const data = opts.body === undefined ? undefined : JSON.stringify(opts.body);
    let attempt = 0;
    let reauthenticated = false;
    // An explicit per-call token signs this call only.
    const client = opts.token ? http.extend({ auth: signedWith(opts.token) }) : http;
    for (;;) {
      attempt += 1;
      const headers: Record<string, string> = data === undefined ? {} : { 'Content-Type': 'application/json' };
      const started = nowMs();
      let response: AxiosResponse<string>;
      try {
        const answer = await client.request({
          url: url.href,
          method,
          headers,
          body: data,
          signal: opts.signal,
          anonymous: opts.anonymous,
          renew: reauthenticated,
          bytes: opts.bytes === true,
        });
        response = answer as AxiosResponse<string>;
        if (opts.bytes && (response.status < 200 || response.status >= 300)) response.data = asBytes(response.data).toString(); // errors are read as text
      } catch (err) {
        if (err instanceof HttpAuthError) {
          if (err.cause instanceof TcApiError) throw err.cause;
          throw new TcApiError({ method, url: safeUrl, reason: err.message });
        }
        if (opts.signal?.aborted) throw opts.signal.reason;
        const cause = networkCause(err);
        log?.debug('ThreatConnect API request failed', { method, url: safeUrl, error: cause.message, durationMs: nowMs() - started, attempt });
        if (isRetryableNetworkError(err) && attempt < retry.attempts) {
          await pause(method, safeUrl, attempt, backoffDelay(attempt, retry), cause.message, opts.signal);
          continue;
        }
        throw new TcApiError({ method, url: safeUrl, reason: cause.message, attempts: attempt, cause });
      }
      const status = response.status;
      log?.debug('ThreatConnect API request', { method, url: safeUrl, status, durationMs: nowMs() - started, attempt });
      if (status >= 200 && status < 300) {
        return opts.bytes ? (asBytes(response.data) as T) : readSuccess<T>(response, method, safeUrl);
      }
      const tcMessage = readTcMessage(typeof response.data === 'string' ? response.data : '');
      if (status === 401 && !reauthenticated && !opts.anonymous) {
        reauthenticated = true;
        attempt -= 1; // the 401 retry is its own allowance, not one of the 5xx tries
        continue;
      }
      if (RETRY_STATUSES.has(status) && attempt < retry.attempts) {
        const delay = retryAfterMs(response.headers['retry-after'], retry.maxDelayMs) ?? backoffDelay(attempt, retry);
        await pause(method, safeUrl, attempt, delay, `status ${status}`, opts.signal);
        continue;
      }
      throw new TcApiError({ method, url: safeUrl, status, tcMessage, attempts: attempt });
    }
  }

  function readSuccess<T>(response: AxiosResponse<string>, method: string, safeUrl: string): T {
    let body: unknown;
    try {
      body = parseBody(response);
    } catch {
      throw new TcApiError({ method, url: safeUrl, status: response.status, reason: 'the response is not JSON' });
    }
    if (body && typeof body === 'object' && (body as { status?: unknown }).status === 'Error') {
      const message = (body as { message?: unknown }).message;
      throw new TcApiError({ method, url: safeUrl, status: response.status, tcMessage: typeof message === 'string' ? message : undefined });
    }
    return body as T;
  }

  async function pause(method: string, safeUrl: string, attempt: number, delayMs: number, why: string, signal?: AbortSignal) {
    log?.warn('ThreatConnect API retry', { method, url: safeUrl, attempt, delayMs, reason: why });
    await sleep(delayMs, signal);
  }

  const client: TcClient = {
    apiPath: base.href,
    request: (target, opts) => send(target, opts),
    get: (target, params, opts) => send(target, { ...opts, params, method: 'GET' }),
    getBody: (target, opts) => send<Buffer>(target, { ...opts, method: 'GET', bytes: true }),
    pages: (path, params, opts) => paginatePages(client, path, params, opts),
    paginate: (path, params, opts) => paginateItems(client, path, params, opts),
    bodyPages: (path, params, opts) => paginateBodies(client, path, params, opts),
    keysetBodyPages: (path, params, opts) => paginateKeysetBodies(client, path, params, opts),
    close: () => http.close(),
  };
  return client;
}
