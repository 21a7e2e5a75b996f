import { formatDeletedSince, listOwners, MAX_RESULT_LIMIT, type KeysetSort, type TcClient } from '../../sdk';
import type { TcDeletedIndicator, TcIndicator } from '../../sdk';
import type { IndicatorSource } from './indicator-source';

/** The collections the STIX mapping reads (tags → labels, attributes → kill chains, groups, TLP labels, score). */
export const INDICATOR_FIELDS = ['tags', 'attributes', 'associatedGroups', 'securityLabels', 'threatAssess'] as const;

/**
 * Indicators per page of an export download. Smaller than ThreatConnect's largest page (10,000): two pages are
 * held at a time (one being used, one read ahead), and a page of indicators with their tags, attributes and
 * groups costs tens of megabytes once parsed.
 */
export const EXPORT_PAGE_SIZE = 1_000;

/** A query without a sort of its own reads in id order. */
const BY_ID: KeysetSort = { field: 'id', direction: 'asc' };

/** The `sorting` parameter of a sort, then id (one page: Preview's sample). */
function sortingOf(sort: KeysetSort): string {
  return sort.field === 'id' ? `id ${sort.direction}` : `${sort.field} ${sort.direction} id asc`;
}

/**
 * Reads indicators from the ThreatConnect v3 API; bulk reads keep the next page on its way while one is used.
 * @example const source = createTcIndicatorSource(tc); for await (const page of source.indicatorBodies({ tql }, { links })) …
 */
export function createTcIndicatorSource(tc: TcClient): IndicatorSource {
  return {
    indicatorBodies(query, { signal, links }) {
      const params = { tql: query.tql, fields: INDICATOR_FIELDS, resultLimit: EXPORT_PAGE_SIZE };
      return tc.keysetBodyPages('/v3/indicators', params, { sort: query.sort ?? BY_ID, readAhead: true, links, ...(signal ? { signal } : {}) });
    },
    async sample(query, limit) {
      const params = { tql: query.tql, fields: INDICATOR_FIELDS, resultLimit: Math.max(1, limit), sorting: sortingOf(query.sort ?? BY_ID) };
      for await (const page of tc.pages<TcIndicator>('/v3/indicators', params, { count: true })) {
        return { count: page.count ?? page.data.length, indicators: page.data.slice(0, limit) };
      }
      return { count: 0, indicators: [] };
    },
    deleted(query, signal) {
      return tc.paginate<TcDeletedIndicator>(
        '/v3/indicators/deleted',
        {
          owner: query.owner,
          deletedSince: formatDeletedSince(new Date(query.since)),
          ...(query.type ? { type: query.type } : {}),
          resultLimit: MAX_RESULT_LIMIT,
        },
        { readAhead: true, ...(signal ? { signal } : {}) },
      );
    },
    owners: () => listOwners(tc),
  };
}
