import { TC_VALUE_FIELDS, type TcIndicator } from '../../../threatconnect/types';

/** The type-specific value fields of each indicator type, in the order ThreatConnect joins them into `summary`. */
export const VALUE_FIELDS: Readonly<Record<string, readonly (keyof TcIndicator)[]>> = TC_VALUE_FIELDS;

/**
 * The summary ThreatConnect shows for an indicator: its value, or for multi-part types the present parts joined
 * by ` : ` (File: `md5 : sha1 : sha256`; Registry Key: `key : value name : value type`).
 * @example buildSummary({ type: 'File', md5: 'a…', sha256: 'b…' }) === 'a… : b…'
 */
export function buildSummary(indicator: Partial<TcIndicator> & { type: string }): string {
  const fields = VALUE_FIELDS[indicator.type];
  if (!fields) return indicator.summary ?? '';
  return fields
    .map((f) => indicator[f])
    .filter((v): v is string => typeof v === 'string' && v !== '')
    .join(' : ');
}
