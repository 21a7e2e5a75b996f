/** The instants a STIX timestamp (four-digit year) can express. */
export const MIN_TIMESTAMP_MS = Date.parse('0000-01-01T00:00:00.000Z');
export const MAX_TIMESTAMP_MS = Date.parse('9999-12-31T23:59:59.999Z');

const ISO = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:?\d{2})?$/i;

/**
 * RFC 3339 UTC with exactly millisecond precision (`2026-01-02T03:04:05.000Z`), clamped to years 0000–9999.
 * `ms` must be finite.
 */
export function formatTimestamp(ms: number): string {
  return new Date(Math.min(Math.max(ms, MIN_TIMESTAMP_MS), MAX_TIMESTAMP_MS)).toISOString();
}

/**
 * Milliseconds of an ISO 8601 timestamp as ThreatConnect and the ledger write them (`T` or space, optional
 * fraction, `Z` or an offset; no zone means UTC), or undefined when it is not one or names an impossible date.
 */
export function parseTimestamp(text: unknown): number | undefined {
  if (typeof text !== 'string') return undefined;
  const m = ISO.exec(text.trim());
  if (!m) return undefined;
  const [year, month, day, hour, minute, second] = [m[1], m[2], m[3], m[4], m[5], m[6]].map(Number) as [number, number, number, number, number, number];
  const millis = m[7] ? Number(m[7].slice(0, 3).padEnd(3, '0')) : 0;
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute, second, millis);
  const ms = date.getTime();
  if (
    date.getUTCMonth() !== month - 1 ||
    date.getUTCDate() !== day ||
    date.getUTCHours() !== hour ||
    date.getUTCMinutes() !== minute ||
    date.getUTCSeconds() !== second
  ) {
    return undefined;
  }
  const zone = m[8];
  if (!zone || zone === 'Z' || zone === 'z') return ms;
  const sign = zone[0] === '-' ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  const offsetMinutes = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2));
  if (Number(digits.slice(0, 2)) > 23 || Number(digits.slice(2)) > 59) return undefined;
  return ms - sign * offsetMinutes * 60_000;
}

const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function digitsAt(text: string, start: number, count: number): number {
  let value = 0;
  for (let i = start; i < start + count; i++) {
    const d = text.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    value = value * 10 + d;
  }
  return value;
}

/**
 * The common `YYYY-MM-DDTHH:MM:SSZ` / `…SS.sssZ` forms checked digit by digit, without a regex or a Date:
 * converting dateAdded is a large share of conversion time otherwise.
 */
function normalizeCommonForm(text: string): string | undefined {
  const length = text.length;
  if (
    (length !== 20 && length !== 24) ||
    text[4] !== '-' ||
    text[7] !== '-' ||
    text[10] !== 'T' ||
    text[13] !== ':' ||
    text[16] !== ':' ||
    text[length - 1] !== 'Z'
  ) {
    return undefined;
  }
  const year = digitsAt(text, 0, 4);
  const month = digitsAt(text, 5, 2);
  const day = digitsAt(text, 8, 2);
  if (year < 0 || month < 1 || month > 12 || day < 1 || day > (DAYS_IN_MONTH[month - 1] as number)) return undefined;
  if (month === 2 && day === 29 && (year % 4 !== 0 || (year % 100 === 0 && year % 400 !== 0))) return undefined;
  const hour = digitsAt(text, 11, 2);
  const minute = digitsAt(text, 14, 2);
  const second = digitsAt(text, 17, 2);
  if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) return undefined;
  if (length === 20) return `${text.slice(0, 19)}.000Z`;
  return text[19] === '.' && digitsAt(text, 20, 3) >= 0 ? text : undefined;
}

/** An ISO 8601 timestamp in the STIX form (UTC, millisecond precision), or undefined when it is not one. */
export function normalizeTimestamp(text: unknown): string | undefined {
  if (typeof text !== 'string') return undefined;
  const common = normalizeCommonForm(text);
  if (common !== undefined) return common;
  const ms = parseTimestamp(text);
  return ms === undefined ? undefined : formatTimestamp(ms);
}
