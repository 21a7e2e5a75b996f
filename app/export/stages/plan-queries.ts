import { buildIndicatorTql } from '../../../sdk';
import type { IndicatorQuery } from '../indicator-source';
import type { QueryConfig, UpdateMode } from '../types';

export interface PlannedQuery extends IndicatorQuery {
  /** Position of the configuration in the ordered list (0 = highest priority). */
  index: number;
  /** True when this configuration is fetched whole during a delta because it is new or changed. */
  whole: boolean;
}

/** The part of a configuration that decides which indicators it returns (sorting only decides the order). */
function selectionKey(q: QueryConfig): string {
  return JSON.stringify([[...q.owners].sort(), [...q.indicatorTypes].sort(), q.tql.trim()]);
}

/** The TQL of one configuration, optionally limited to indicators modified after `since` or to given ids. */
/** How the App names a query configuration to people (errors, REPORTS, the lookup): by its place in the list. */
export const configurationLabel = (index: number) => `Configuration ${index + 1}`;

export function queryFor(q: QueryConfig, options: { since?: Date; ids?: number[] } = {}): IndicatorQuery {
  let tql = buildIndicatorTql({
    userTql: q.tql,
    types: q.indicatorTypes,
    ownerNames: q.owners,
    ...(options.since ? { modifiedSince: options.since } : {}),
  });
  if (options.ids) tql = `(${tql}) and id in (${options.ids.join(', ')})`;
  return { tql, sort: { field: q.sortField, direction: q.sortDirection } };
}

/**
 * Plans one job's downloads: every configuration in order; for a delta, unchanged configurations ask only for what
 * was modified since the last successful run, while new or changed ones (compared with that run's list) are
 * fetched whole.
 */
export function planQueries(input: { queries: QueryConfig[]; mode: UpdateMode; since?: Date; lastSuccessQueries?: QueryConfig[] }): PlannedQuery[] {
  const before = new Set((input.lastSuccessQueries ?? []).map(selectionKey));
  return input.queries.map((q, index) => {
    const whole = input.mode === 'full' || !input.since || !before.has(selectionKey(q));
    return { index, whole, ...queryFor(q, whole ? {} : { since: input.since }) };
  });
}
