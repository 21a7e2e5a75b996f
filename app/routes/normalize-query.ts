/**
 * Prepares a parsed query string for schema validation: empty values count as absent (`?type=&status=` is what a
 * form with nothing chosen sends), and list parameters accept both `status=a&status=b` and `status=a,b`.
 * Scalar parameters given twice stay a list, which the schema then rejects.
 */
export function normalizeQuery(query: unknown, listParams: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (typeof query !== 'object' || query === null) return out;
  for (const [key, raw] of Object.entries(query as Record<string, unknown>)) {
    const values = (Array.isArray(raw) ? raw : [raw]).filter((v) => v !== '' && v !== undefined);
    if (listParams.includes(key)) {
      const items = values.flatMap((v) => (typeof v === 'string' ? v.split(',').map((s) => s.trim()) : [v]));
      const kept = items.filter((v) => v !== '');
      if (kept.length > 0) out[key] = kept;
    } else if (values.length === 1) {
      out[key] = values[0];
    } else if (values.length > 1) {
      out[key] = values;
    }
  }
  return out;
}
