import type { KeysetSort, TcBodyPage, TcPageReading, TcDeletedIndicator, TcIndicator, TcOwner } from '../../sdk';

/** One ThreatConnect indicator query, already combined into a single TQL string, and its order. */
export interface IndicatorQuery {
  tql: string;
  /** The configuration's sort (ties are broken by id, which is also what the pages resume from). */
  sort?: KeysetSort;
}

/** What the engine reads from ThreatConnect. The TC client implements it; tests may too. */
export interface IndicatorSource {
  /**
   * Every indicator the query matches, with the collections the mapping needs, as the bytes of each page (a v3
   * list: `{"data": [...], …}`), read by keyset in the query's sort order; `links` parses a page elsewhere and
   * tells its size and last item, or why it is not a page.
   */
  indicatorBodies(query: IndicatorQuery, options: { signal?: AbortSignal; links(body: Buffer): Promise<TcPageReading> }): AsyncIterable<TcBodyPage>;
  /** How many indicators the query matches, plus the first `limit` of them. */
  sample(query: IndicatorQuery, limit: number): Promise<{ count: number; indicators: TcIndicator[] }>;
  /** Indicators of `owner` deleted since `since` (ISO). */
  deleted(query: { owner: string; type?: string; since: string }, signal?: AbortSignal): AsyncIterable<TcDeletedIndicator>;
  owners(): Promise<TcOwner[]>;
}
