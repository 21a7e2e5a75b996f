import { formatTimestamp, parseTimestamp } from './timestamps';
import type { RevocationEntry, StixIndicator } from './types';

/**
 * The re-upload that takes an indicator sent earlier out of service: same id and pattern, `revoked: true`,
 * `modified` later than anything sent for it, and `valid_until` = now (kept later than `valid_from`).
 * @example buildRevocation({id, pattern, created, validFrom, lastModified}, new Date())
 */
export function buildRevocation(entry: RevocationEntry, now: Date): StixIndicator {
  const nowMs = now.getTime();
  const createdMs = parseTimestamp(entry.created) ?? parseTimestamp(entry.validFrom) ?? nowMs;
  const lastMs = parseTimestamp(entry.lastModified);
  const fromMs = parseTimestamp(entry.validFrom) ?? createdMs;
  const modifiedMs = Math.max(nowMs, createdMs, lastMs === undefined ? nowMs : lastMs + 1);
  const untilMs = Math.max(nowMs, fromMs + 1);
  const object: StixIndicator = {
    type: 'indicator',
    spec_version: '2.1',
    id: entry.id,
    created: formatTimestamp(createdMs),
    modified: formatTimestamp(modifiedMs),
    indicator_types: ['malicious-activity'],
    pattern: entry.pattern,
    pattern_type: 'stix',
    pattern_version: '2.1',
    valid_from: formatTimestamp(fromMs),
    valid_until: formatTimestamp(untilMs),
    revoked: true,
  };
  if (entry.name) object.name = entry.name;
  return object;
}
