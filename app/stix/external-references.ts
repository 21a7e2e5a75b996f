import type { TcIndicator } from '../../sdk';
import type { ExternalReference } from './types';

export const SOURCE_NAME = 'ThreatConnect';
/** Characters RFC 3986 allows outside the host (with `%` checked separately). */
const URI_SAFE = /^https?:\/\/[A-Za-z0-9.-]+(?::\d{1,5})?(?:[/?][A-Za-z0-9\-._~!$&'()*+,;=:@/?]*)?(?:#[A-Za-z0-9\-._~!$&'()*+,;=:@/?]*)?$/;
const NOT_URI = /[^A-Za-z0-9\-._~!$&'()*+,;=:@/?%]|%(?![0-9A-Fa-f]{2})/g;

function encodeChar(c: string): string {
  return `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`;
}

/**
 * The web link as an RFC 3986 URI (what the schema's `uri` format checks), or undefined when it is not an http(s)
 * URL. Links that already are (the usual case) are kept as they are; others go through the WHATWG parser, which
 * percent-encodes non-ASCII and spaces, and the characters it leaves that RFC 3986 forbids are encoded too.
 */
export function toUri(webLink: string): string | undefined {
  const text = webLink.trim();
  if (URI_SAFE.test(text)) return text;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return undefined;
  const tail = (url.pathname + url.search).replace(NOT_URI, encodeChar);
  const fragment = url.hash === '' ? '' : `#${url.hash.slice(1).replace(NOT_URI, encodeChar)}`;
  return `${url.protocol}//${url.host}${tail}${fragment}`;
}

/** `[{source_name: "ThreatConnect", url: <webLink>, external_id: "<TC id>"}]`; url omitted without a usable link. */
export function externalReferences(indicator: TcIndicator): ExternalReference[] | undefined {
  const reference: ExternalReference = { source_name: SOURCE_NAME };
  const url = typeof indicator.webLink === 'string' ? toUri(indicator.webLink) : undefined;
  if (url) reference.url = url;
  const id = indicator.id;
  if ((typeof id === 'number' && Number.isFinite(id)) || (typeof id === 'string' && id !== '')) reference.external_id = String(id);
  return reference.url || reference.external_id ? [reference] : undefined;
}
