import { checkTqlSyntax } from './tql-syntax';

/**
 * The date format of TQL comparisons. ThreatConnect documents `"YYYY-MM-DD HH:MM:SS"` (UTC); whether full ISO-8601
 * strings are accepted is unverified, so every date the SDK writes into TQL goes through this one place.
 */
export const TQL_DATE_FORMAT = 'YYYY-MM-DD HH:MM:SS';

/**
 * A TQL string literal: double-quoted, each of the characters ThreatConnect's TQL documentation says must be escaped
 * inside a string (single quote, double quote, backtick, backslash) preceded by a backslash.
 * @example tqlString(`O'Brien "X"`) === `"O\\'Brien \\"X\\""`
 */
export function tqlString(value: string): string {
  return `"${value.replace(/[\\'"`]/g, '\\$&')}"`;
}

/**
 * The date format `GET /v3/indicators/deleted` is sent `deletedSince` in: ISO 8601 to the second, in UTC (what tcex
 * writes for v3 dates; fractional seconds are reported to break TQL dates, and this endpoint is not documented).
 * @example formatDeletedSince(new Date('2024-03-05T07:08:09.123Z')) === '2024-03-05T07:08:09Z'
 */
export function formatDeletedSince(date: Date): string {
  if (Number.isNaN(date.getTime())) throw new Error('formatDeletedSince: invalid date');
  return `${date.toISOString().slice(0, 19)}Z`;
}

/**
 * A TQL list of string literals.
 * @example tqlList(['Address', 'Host']) === '("Address", "Host")'
 */
export function tqlList(values: readonly string[]): string {
  return `(${values.map(tqlString).join(', ')})`;
}

/**
 * A date in TQL_DATE_FORMAT, in UTC.
 * @example formatTqlDate(new Date('2024-03-05T07:08:09.123Z')) === '2024-03-05 07:08:09'
 */
export function formatTqlDate(date: Date): string {
  if (Number.isNaN(date.getTime())) throw new Error('formatTqlDate: invalid date');
  return date.toISOString().slice(0, 19).replace('T', ' ');
}

export interface IndicatorTqlInput {
  /** The user's TQL; blank means "everything". */
  userTql?: string;
  /** TC type names (`Address`, `Email Subject`, …). */
  types?: readonly string[];
  ownerNames?: readonly string[];
  /** Only indicators modified strictly after this moment (a delta). */
  modifiedSince?: Date;
}

/**
 * The TQL of an indicator download: the user's TQL in parentheses (so its `or`s cannot swallow our filters), then
 * `typeName in (…)`, `ownerName in (…)` and `lastModified > "…"`, each only when given.
 * @example buildIndicatorTql({ userTql: 'rating >= 3', types: ['Host'] }) === '(rating >= 3) and typeName in ("Host")'
 */
export function buildIndicatorTql(input: IndicatorTqlInput): string {
  const parts: string[] = [];
  const user = input.userTql?.trim();
  if (user) {
    // A text that could close the parentheses would let it leave them, and the filters below with it.
    const problem = checkTqlSyntax(user);
    if (problem) throw new Error(`The TQL cannot be used: ${problem.message} (at character ${problem.position + 1})`);
    parts.push(`(${user})`);
  }
  if (input.types && input.types.length > 0) parts.push(`typeName in ${tqlList(input.types)}`);
  if (input.ownerNames && input.ownerNames.length > 0) parts.push(`ownerName in ${tqlList(input.ownerNames)}`);
  if (input.modifiedSince) parts.push(`lastModified > ${tqlString(formatTqlDate(input.modifiedSince))}`);
  return parts.join(' and ');
}
