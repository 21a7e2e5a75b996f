import { listOwners, MAX_RESULT_LIMIT, type TcClient } from '../../sdk/threatconnect';
import type { TcDeletedIndicator, TcIndicator } from '../../sdk/threatconnect/types';
import type { IndicatorQuery, IndicatorSource } from './indicator-source';

/** The collections the STIX mapping reads (tags → labels, attributes → kill chains, groups, TLP labels, score). */
export const INDICATOR_FIELDS = ['tags', 'attributes', 'associatedGroups', 'securityLabels', 'threatAssess'] as const;

/**
 * Reads indicators from the ThreatConnect v3 API.
 * @example const source = createTcIndicatorSource(tc); for await (const i of source.indicators({ tql })) …
 */
export function createTcIndicatorSource(tc: TcClient): IndicatorSource {
  const params = (query: IndicatorQuery, resultLimit: number) => ({
    tql: query.tql,
    fields: INDICATOR_FIELDS,
    resultLimit,
    ...(query.sorting ? { sorting: query.sorting } : {}),
  });
  return {
    indicators(query, signal) {
      return tc.paginate<TcIndicator>('/v3/indicators', params(query, MAX_RESULT_LIMIT), signal ? { signal } : {});
    },
    async sample(query, limit) {
      for await (const page of tc.pages<TcIndicator>('/v3/indicators', params(query, Math.max(1, limit)), { count: true })) {
        return { count: page.count ?? page.data.length, indicators: page.data.slice(0, limit) };
      }
      return { count: 0, indicators: [] };
    },
    deleted(query, signal) {
      return tc.paginate<TcDeletedIndicator>(
        '/v3/indicators/deleted',
        { owner: query.owner, deletedSince: query.since, ...(query.type ? { type: query.type } : {}), resultLimit: MAX_RESULT_LIMIT },
        signal ? { signal } : {},
      );
    },
    owners: () => listOwners(tc),
  };
}
