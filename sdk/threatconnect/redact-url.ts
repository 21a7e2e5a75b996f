/** Query parameter names whose values are credentials (`expiredToken` of /appAuth, for one). */
const SECRET_PARAM = /token|secret|password|signature|apikey|key$/i;

/**
 * The URL with credential-like query values replaced by `***`, for logs and error messages. TQL stays readable.
 * @example redactUrl("https://h/api/appAuth?expiredToken=abc") === "https://h/api/appAuth?expiredToken=***"
 */
export function redactUrl(url: string): string {
  const q = url.indexOf('?');
  if (q < 0) return url;
  const query = url
    .slice(q + 1)
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      if (eq < 0) return pair;
      let name = pair.slice(0, eq);
      try {
        name = decodeURIComponent(name);
      } catch {
        // A malformed escape is still a name worth checking as written.
      }
      return SECRET_PARAM.test(name) ? `${pair.slice(0, eq)}=***` : pair;
    })
    .join('&');
  return `${url.slice(0, q)}?${query}`;
}
