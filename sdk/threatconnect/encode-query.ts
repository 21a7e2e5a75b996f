/** A query parameter value; arrays become repeated keys (`fields=tags&fields=attributes`). */
export type TcQueryValue = string | number | boolean;
export type TcQueryParams = Record<string, TcQueryValue | readonly TcQueryValue[] | null | undefined>;

const RESERVED_BY_URL = /[!'()*]/g;

/**
 * Percent-encodes one query component strictly (RFC 3986, spaces as `%20`). encodeURIComponent leaves `!'()*`
 * alone, and the WHATWG URL parser would then rewrite `'` as `%27` behind our back, breaking the HMAC signature.
 * @example encodeComponent("Common Community") === "Common%20Community"
 */
export function encodeComponent(value: string): string {
  return encodeURIComponent(value).replace(RESERVED_BY_URL, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/**
 * Serializes query parameters in insertion order, repeating keys for arrays and skipping null/undefined.
 * @example encodeQuery({ owner: "My Org", fields: ["tags", "attributes"] }) === "owner=My%20Org&fields=tags&fields=attributes"
 */
export function encodeQuery(params: TcQueryParams | Iterable<readonly [string, TcQueryValue]>): string {
  const parts: string[] = [];
  const entries = Symbol.iterator in params ? params : Object.entries(params);
  for (const [key, raw] of entries as Iterable<readonly [string, TcQueryParams[string]]>) {
    if (raw === undefined || raw === null) continue;
    const values: readonly TcQueryValue[] = Array.isArray(raw) ? raw : [raw as TcQueryValue];
    for (const value of values) parts.push(`${encodeComponent(key)}=${encodeComponent(String(value))}`);
  }
  return parts.join('&');
}
