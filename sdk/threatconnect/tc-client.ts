import type { Secret } from '../inputs/secret';
import type { Logger } from '../logger';
import type { TcQueryParams } from './encode-query';
import type { RetryOptions } from './retry-policy';

/** An API user's HMAC credentials (`tc_access_id`, `tc_secret_key`). */
export interface TcHmacAuth {
  accessId: string;
  secretKey: Secret | string;
}

/** The platform's API token (`tc_token`, `tc_token_expires`), renewed through /appAuth before it expires. */
export interface TcTokenAuth {
  token: Secret | string;
  /** Epoch seconds. */
  tokenExpires: number;
}

/** The platform proxy (`tc_proxy_*`), used for ThreatConnect calls when `tc_proxy_tc` is set. */
export interface TcProxyOptions {
  host: string;
  port: number;
  username?: string;
  password?: Secret | string;
  protocol?: 'http' | 'https';
}

export interface TcClientOptions {
  /** `tc_api_path`: the API base URL including `/api`, e.g. `https://app.threatconnect.com/api`. */
  apiPath: string;
  /** Default credentials: HMAC wins over the token when both are given. */
  hmac?: TcHmacAuth;
  token?: TcTokenAuth;
  logger?: Logger;
  /** `tc_verify`: false accepts self-signed certificates. Default true. */
  verify?: boolean;
  proxy?: TcProxyOptions;
  /** Per-attempt timeout; default 120 s (a 10,000-indicator page with all fields can take a while). */
  timeoutMs?: number;
  retry?: Partial<RetryOptions>;
  userAgent?: string;
  /** Clock in epoch milliseconds (tests move it to make tokens expire). */
  now?: () => number;
}

export type TcMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface TcRequestOptions {
  method?: TcMethod;
  params?: TcQueryParams;
  /** JSON body for POST/PUT/PATCH. */
  body?: unknown;
  /** Use this API token (e.g. a service token) for this call instead of the default credentials. */
  token?: Secret | string;
  signal?: AbortSignal;
  /** Keep the answer's JSON text on the parsed body, under RESPONSE_TEXT (for a consumer that parses it elsewhere). */
  keepText?: boolean;
}

/** Where a parsed answer requested with `keepText` holds its JSON text. */
export const RESPONSE_TEXT = Symbol('tc.responseText');

export interface TcPageOptions extends Pick<TcRequestOptions, 'token' | 'signal'> {
  /** Ask for `count=true` on the first page. */
  count?: boolean;
  /**
   * Request the following page as soon as a page arrives, while the consumer works through it (two pages held at
   * most). For bulk reads: the server's time to build a page then overlaps the client's time to use one.
   */
  readAhead?: boolean;
  /** Give each page the JSON text it was parsed from (`text`). */
  keepText?: boolean;
}

/** One page of a v3 list. */
export interface TcPage<T> {
  data: T[];
  /** Total matches, on the first page when `count` was asked for. */
  count?: number;
  /** Index of the page's first item in the whole result. */
  resultStart: number;
  next?: string;
  /** The answer's JSON text, with `keepText`. */
  text?: string;
}

/** The ThreatConnect REST client: signed requests, retries, paging. */
export interface TcClient {
  readonly apiPath: string;
  /** One request; `target` is a path under apiPath (`/v3/indicators`) or a full URL on the same API (a `next` link). */
  request<T>(target: string, options?: TcRequestOptions): Promise<T>;
  get<T>(target: string, params?: TcQueryParams, options?: Omit<TcRequestOptions, 'params' | 'method'>): Promise<T>;
  /** Every item of a v3 list, one at a time, following `next`; one page is held (two with `readAhead`). */
  paginate<T>(path: string, params?: TcQueryParams, options?: TcPageOptions): AsyncIterable<T>;
  /** The pages of a v3 list, following `next`. */
  pages<T>(path: string, params?: TcQueryParams, options?: TcPageOptions): AsyncIterable<TcPage<T>>;
  /** Closes pooled connections. */
  close(): void;
}
