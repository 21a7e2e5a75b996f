import type { QueryConfig } from '../../../app/export/types';

export const EMPTY_QUERY: QueryConfig = { owners: [], indicatorTypes: [], tql: '', sortField: 'dateAdded', sortDirection: 'asc' };

export type FormProblems = Partial<Record<keyof QueryConfig | string, string[]>>;

/** What can be told without the server: something chosen in each list and a TQL that is not blank. */
export function checkQueryLocally(q: QueryConfig): FormProblems {
  const problems: FormProblems = {};
  if (q.owners.length === 0) problems.owners = ['Choose at least one owner'];
  if (q.indicatorTypes.length === 0) problems.indicatorTypes = ['Choose at least one indicator type'];
  if (q.tql.trim() === '') problems.tql = ['Enter a TQL query'];
  return problems;
}

/** `problems` without those about `fields`. */
export function withoutFields(problems: FormProblems, fields: ReadonlySet<string>): FormProblems {
  return Object.fromEntries(Object.entries(problems).filter(([field]) => !fields.has(field)));
}

/** Problems from several sources, per field, without repeats. */
export function mergeProblems(...sources: FormProblems[]): FormProblems {
  const out: FormProblems = {};
  for (const source of sources) {
    for (const [field, messages] of Object.entries(source)) {
      out[field] = [...new Set([...(out[field] ?? []), ...(messages ?? [])])];
    }
  }
  return out;
}
