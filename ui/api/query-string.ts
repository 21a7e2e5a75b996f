/** A filter value as the list routes take it: lists are sent comma-separated, empty values are left out. */
export type QueryValue = string | number | boolean | readonly string[] | undefined;

/** `?a=1&status=Failed,Upload%20Complete`, or '' when nothing is set. */
export function toQueryString(params: Record<string, QueryValue>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    const text = Array.isArray(value) ? value.join(',') : value === undefined ? '' : String(value);
    if (text !== '') search.set(key, text);
  }
  const qs = search.toString().replace(/\+/g, '%20');
  return qs ? `?${qs}` : '';
}
