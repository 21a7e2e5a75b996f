import type { HttpProxyOptions } from '../http/create-http-client';
import type { KeysetSort } from './keyset';
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
export type TcProxyOptions = HttpProxyOptions;

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
}

export interface TcPageOptions extends Pick<TcRequestOptions, 'token' | 'signal'> {
  /** Ask for `count=true` on the first page. */
  count?: boolean;
  /**
   * Request the following page as soon as a page arrives, while the consumer works through it (two pages held at
   * most). For bulk reads: the server's time to build a page then overlaps the client's time to use one.
   */
  readAhead?: boolean;
}

/** One page of a v3 list. */
export interface TcPage<T> {
  data: T[];
  /** Total matches, on the first page when `count` was asked for. */
  count?: number;
  /** Index of the page's first item in the whole result. */
  resultStart: number;
  next?: string;
}

/** One page of a v3 list as the bytes of JSON it came as, with what its reader found in it. */
export interface TcBodyPage {
  body: Buffer;
  /** Index of the page's first item in the whole result. */
  resultStart: number;
  /** Items on the page. */
  size: number;
  next?: string;
}

/** What the reader of a page's text reports: its `next` link, how many items it holds, and its last item's fields. */
export interface TcPageLinks {
  next?: string;
  size: number;
  /** The scalar fields (numbers, strings) of the page's last item: where a keyset read resumes. */
  last?: Record<string, unknown>;
}

/** The reader's verdict on a page's text: its links, or why it is not a page of a v3 list. */
export type TcPageReading = TcPageLinks | { invalid: string };

/** The ThreatConnect REST client: signed requests, retries, paging. */
export interface TcClient {
  readonly apiPath: string;
  /** One request; `target` is a path under apiPath (`/v3/indicators`) or a full URL on the same API (a `next` link). */
  request<T>(target: string, options?: TcRequestOptions): Promise<T>;
  get<T>(target: string, params?: TcQueryParams, options?: Omit<TcRequestOptions, 'params' | 'method'>): Promise<T>;
  /** One GET whose successful answer is handed back as its bytes, undecoded (errors are handled as by `request`). */
  getBody(target: string, options?: Omit<TcRequestOptions, 'method' | 'body'>): Promise<Buffer>;
  /** Every item of a v3 list, one at a time, following `next`; one page is held (two with `readAhead`). */
  paginate<T>(path: string, params?: TcQueryParams, options?: TcPageOptions): AsyncIterable<T>;
  /** The pages of a v3 list, following `next`. */
  pages<T>(path: string, params?: TcQueryParams, options?: TcPageOptions): AsyncIterable<TcPage<T>>;
  /**
   * The pages of a v3 list as bytes, for a consumer that parses them elsewhere: `links` reads each page's `next`
   * and size, or says why it is not a page (which fails the read with the page's URL).
   */
  bodyPages(path: string, params: TcQueryParams, options: TcPageOptions & { links(body: Buffer): Promise<TcPageReading> }): AsyncIterable<TcBodyPage>;
  /**
   * The pages of a v3 list as bytes, read by keyset (see `keysetQuery`): sorted by `sort` then id, each page asking
   * in TQL for what follows the last item of the one before, so nothing is skipped or read twice when the list
   * changes meanwhile. `params.tql` is the query; `links` must report each page's last item.
   */
  keysetBodyPages(
    path: string,
    params: TcQueryParams & { tql: string },
    options: TcPageOptions & { sort: KeysetSort; links(body: Buffer): Promise<TcPageReading> },
  ): AsyncIterable<TcBodyPage>;
  /** Closes pooled connections. */
  close(): void;
}
