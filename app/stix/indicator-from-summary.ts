import { TC_VALUE_FIELDS, type TcIndicator, type TcIndicatorType } from '../../sdk';
import { REGISTRY_VALUE_TYPES } from './normalize/registry';

/** The hash field a File summary part fills, by its length in hex digits. */
const HASH_BY_LENGTH: Readonly<Record<number, 'md5' | 'sha1' | 'sha256'>> = { 32: 'md5', 40: 'sha1', 64: 'sha256' };

/**
 * An indicator rebuilt from what ThreatConnect reports of a deleted one (its type and summary), with the value
 * fields the converter reads, so that it normalizes to the same STIX ids the live indicator had. A summary joins
 * multi-part values with ` : ` (File: the hashes present; Registry Key: key, value name, value type, each when
 * present). Undefined for a type the App does not export.
 * @example indicatorFromSummary('File', 'aa…(32) : bb…(64)') // { type: 'File', md5: 'aa…', sha256: 'bb…', … }
 */
export function indicatorFromSummary(type: string, summary: string): TcIndicator | undefined {
  const fields = TC_VALUE_FIELDS[type as TcIndicatorType];
  if (!fields) return undefined;
  const indicator: Record<string, unknown> = { id: 0, type, summary };
  if (type === 'File') {
    for (const part of summary.split(' : ')) {
      const hash = part.trim();
      const field = HASH_BY_LENGTH[hash.length];
      if (field) indicator[field] = hash;
    }
  } else if (type === 'Registry Key') {
    const parts = summary.split(' : ');
    const last = parts[parts.length - 1]?.trim().toUpperCase() ?? '';
    // The value type, when present, is the last part and one of a closed set; the value name sits between.
    const valueType = parts.length > 1 && REGISTRY_VALUE_TYPES.has(last) ? parts.pop() : undefined;
    indicator['Key Name'] = parts.shift();
    if (parts.length > 0) indicator['Value Name'] = parts.join(' : ');
    if (valueType !== undefined) indicator['Value Type'] = valueType;
  } else {
    indicator[fields[0]!] = summary;
  }
  return indicator as unknown as TcIndicator;
}
