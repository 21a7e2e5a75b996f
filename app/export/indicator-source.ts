import type { TcBodyPage, TcPageReading } from '../../sdk/threatconnect';
import type { TcDeletedIndicator, TcIndicator, TcOwner } from '../../sdk/threatconnect/types';

/** One ThreatConnect indicator query, already combined into a single TQL string. */
export interface IndicatorQuery {
  tql: string;
  /** `"<field> asc|desc"` */
  sorting?: string;
}

/** What the engine reads from ThreatConnect. The TC client implements it; tests may too. */
export interface IndicatorSource {
  /**
   * Every indicator the query matches, with the collections the mapping needs, as the bytes of each page (a v3
   * list: `{"data": [...], "next": …}`); `links` parses a page elsewhere and tells its `next` link and size, or
   * why it is not a page.
   */
  indicatorBodies(query: IndicatorQuery, options: { signal?: AbortSignal; links(body: Buffer): Promise<TcPageReading> }): AsyncIterable<TcBodyPage>;
  /** How many indicators the query matches, plus the first `limit` of them. */
  sample(query: IndicatorQuery, limit: number): Promise<{ count: number; indicators: TcIndicator[] }>;
  /** Indicators of `owner` deleted since `since` (ISO). */
  deleted(query: { owner: string; type?: string; since: string }, signal?: AbortSignal): AsyncIterable<TcDeletedIndicator>;
  owners(): Promise<TcOwner[]>;
}
