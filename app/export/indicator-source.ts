import type { TcDeletedIndicator, TcIndicator, TcOwner } from '../../sdk/threatconnect/types';

/** One ThreatConnect indicator query, already combined into a single TQL string. */
export interface IndicatorQuery {
  tql: string;
  /** `"<field> asc|desc"` */
  sorting?: string;
}

/** One page of indicators, with the JSON text it came as when the source has it (`JSON.parse(text).data` = indicators). */
export interface IndicatorPage {
  indicators: TcIndicator[];
  text?: string;
}

/** What the engine reads from ThreatConnect. The TC client implements it; tests may too. */
export interface IndicatorSource {
  /** Every indicator the query matches, page after page, with the collections the mapping needs. */
  indicatorPages(query: IndicatorQuery, signal?: AbortSignal): AsyncIterable<IndicatorPage>;
  /** How many indicators the query matches, plus the first `limit` of them. */
  sample(query: IndicatorQuery, limit: number): Promise<{ count: number; indicators: TcIndicator[] }>;
  /** Indicators of `owner` deleted since `since` (ISO). */
  deleted(query: { owner: string; type?: string; since: string }, signal?: AbortSignal): AsyncIterable<TcDeletedIndicator>;
  owners(): Promise<TcOwner[]>;
}
