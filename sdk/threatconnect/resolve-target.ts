import { encodeQuery, type TcQueryParams } from './encode-query';

/** Parses `tc_api_path`, dropping a trailing slash: `https://host/api/` → `https://host/api`. */
export function parseApiPath(apiPath: string): URL {
  let url: URL;
  try {
    url = new URL(apiPath);
  } catch {
    throw new Error(`tc_api_path "${apiPath}" is not a URL`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error(`tc_api_path "${apiPath}" must be http(s)`);
  url.pathname = url.pathname.replace(/\/+$/, '');
  url.search = '';
  url.hash = '';
  return url;
}

/**
 * The URL of one request: a path under the API base plus encoded params, or a full URL (a `next` link), which must
 * stay on the API's origin and path so credentials never go elsewhere. The URL object's `pathname + search` is
 * exactly what Node sends, so it is also what gets signed.
 */
export function resolveTarget(base: URL, target: string, params?: TcQueryParams): URL {
  let url: URL;
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(target)) {
    url = new URL(target);
    if (url.origin !== base.origin || !(url.pathname === base.pathname || url.pathname.startsWith(`${base.pathname}/`))) {
      throw new Error(`refusing to send credentials to ${url.origin}${url.pathname}: it is outside ${base.href}`);
    }
  } else {
    url = new URL(`${base.origin}${base.pathname}${target.startsWith('/') ? '' : '/'}${target}`);
  }
  url.hash = '';
  const query = params ? encodeQuery(params) : '';
  if (query) url.search = url.search.length > 1 ? `${url.search.slice(1)}&${query}` : query;
  return url;
}
