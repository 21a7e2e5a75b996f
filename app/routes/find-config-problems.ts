import type { ExportService } from '../export/export-service';
import type { QueryConfig } from '../export/types';
import type { ProblemDetail } from './api-types';
import { fromUpstream } from './route-errors';
import type { Checked } from './validate-request';

const isStrings = (v: unknown): v is string[] => Array.isArray(v) && v.every((s) => typeof s === 'string');

/** The five fields of a query if they have the right JSON types (values may still be wrong), else undefined. */
function shapeOf(q: unknown): QueryConfig | undefined {
  if (typeof q !== 'object' || q === null) return undefined;
  const { owners, indicatorTypes, tql, sortField, sortDirection } = q as Record<string, unknown>;
  if (!isStrings(owners) || !isStrings(indicatorTypes)) return undefined;
  if (typeof tql !== 'string' || typeof sortField !== 'string' || typeof sortDirection !== 'string') return undefined;
  // The engine checks the values themselves (unknown types, sort fields…), so the casts only claim the shape.
  return { owners, indicatorTypes, tql, sortField, sortDirection } as QueryConfig;
}

const overlaps = (a: string, b: string) => a === b || a.startsWith(`${b}/`) || b.startsWith(`${a}/`);

/**
 * Every problem of a list of queries at once: the schema's, then the engine's (owners visible to the API user,
 * TQL accepted by ThreatConnect…) for each query whose shape allows checking. An engine problem about a field
 * the schema already flagged is dropped, so each field gets one clear message.
 */
export async function findQueriesProblems(
  service: ExportService,
  schema: Checked<unknown>,
  queries: unknown,
  prefix: (index: number) => string,
): Promise<ProblemDetail[]> {
  const problems = schema.ok ? [] : [...schema.problems];
  const list = Array.isArray(queries) ? queries : [];
  const shaped = list.map((q, index) => ({ q: shapeOf(q), index })).filter((s): s is { q: QueryConfig; index: number } => !!s.q);
  if (shaped.length === 0) return problems;
  const found = await fromUpstream('check the configuration with ThreatConnect', () => service.checkConfig(shaped.map((s) => s.q)));
  for (const problem of found) {
    // checkConfig numbers the queries it was given; map each back to its place in the request.
    const m = /^queries\/(\d+)(\/.*)?$/.exec(problem.path);
    const original = m ? shaped[Number(m[1])] : undefined;
    const path = original ? `${prefix(original.index)}${m?.[2] ?? ''}`.replace(/^\//, '') : problem.path;
    if (!problems.some((p) => overlaps(p.path, path))) problems.push({ path: path || 'body', message: problem.message });
  }
  return problems;
}
