import { checkTqlSyntax, outsideRequest } from '../../sdk';
import type { ExportService } from '../export/export-service';
import type { QueryConfig } from '../export/types';
import type { ProblemDetail } from './api-types';
import { fromUpstream } from './route-errors';
import type { Checked } from './validate-request';

/** A TQL text's lexical problem (unbalanced parentheses, a quote never closed…) as a problem of its field. */
export function tqlSyntaxProblem(tql: string, path: string): ProblemDetail | undefined {
  const problem = checkTqlSyntax(tql);
  return problem && { path, message: `The TQL cannot be used: ${problem.message} (at character ${problem.position + 1})` };
}

/**
 * Validation of query configurations in one pass, for PUT /api/config, POST /api/preview and the export CLI alike:
 * 1. the schema (shapes, the nine types, sort fields, at most 100 configurations…) and 2. each TQL's lexical
 * structure, both here; only when both pass, 3. what only ThreatConnect can say: the owners the API user can see
 * and the TQL it accepts, each distinct check asked once, as the API user (never with a request's service token,
 * so a configuration is checked as the jobs will run it). A body the schema refuses costs no ThreatConnect call.
 * @example const result = await validateQueries(service, validators.configInput(body), (body) => body.queries, (i) => `queries/${i}`)
 */
export async function validateQueries<T>(
  service: Pick<ExportService, 'checkConfig'>,
  checked: Checked<T>,
  queriesOf: (value: T) => QueryConfig[],
  at: (index: number) => string,
): Promise<Checked<T>> {
  if (!checked.ok) return checked;
  const queries = queriesOf(checked.value);
  const local = queries.flatMap((q, i) => tqlSyntaxProblem(q.tql, `${at(i)}/tql`.replace(/^\//, '')) ?? []);
  if (local.length > 0) return { ok: false, problems: local };
  const found = await fromUpstream('check the configuration with ThreatConnect', () => outsideRequest(() => service.checkConfig(queries)));
  const problems = found.map((problem) => {
    // checkConfig numbers the queries it was given; map each back to its place in the request.
    const m = /^queries\/(\d+)(\/.*)?$/.exec(problem.path);
    const path = m ? `${at(Number(m[1]))}${m[2] ?? ''}`.replace(/^\//, '') : problem.path;
    return { path: path || 'body', message: problem.message };
  });
  return problems.length > 0 ? { ok: false, problems } : checked;
}
