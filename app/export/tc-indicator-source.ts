import { listOwners, MAX_RESULT_LIMIT, type TcClient } from '../../sdk/threatconnect';
import type { TcDeletedIndicator, TcIndicator } from '../../sdk/threatconnect/types';
import type { IndicatorQuery, IndicatorSource } from './indicator-source';

/** The collections the STIX mapping reads (tags → labels, attributes → kill chains, groups, TLP labels, score). */
export const INDICATOR_FIELDS = ['tags', 'attributes', 'associatedGroups', 'securityLabels', 'threatAssess'] as const;

/**
 * Indicators per page of an export download. Smaller than ThreatConnect's largest page (10,000): two pages are
 * held at a time (one being used, one read ahead), and a page of indicators with their tags, attributes and
 * groups costs tens of megabytes once parsed.
 */
export const EXPORT_PAGE_SIZE = 1_000;

/**
 * Reads indicators from the ThreatConnect v3 API; bulk reads keep the next page on its way while one is used.
 * @example const source = createTcIndicatorSource(tc); for await (const page of source.indicatorBodies({ tql }, { links })) …
 */
export function createTcIndicatorSource(tc: TcClient): IndicatorSource {
  const params = (query: IndicatorQuery, resultLimit: number) => ({
    tql: query.tql,
    fields: INDICATOR_FIELDS,
    resultLimit,
    ...(query.sorting ? { sorting: query.sorting } : {}),
  });
  return {
    indicatorBodies(query, { signal, links }) {
      return tc.bodyPages('/v3/indicators', params(query, EXPORT_PAGE_SIZE), { readAhead: true, links, ...(signal ? { signal } : {}) });
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
        { readAhead: true, ...(signal ? { signal } : {}) },
      );
    },
    owners: () => listOwners(tc),
  };
}
