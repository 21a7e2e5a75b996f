import { revocationTimes } from './timing';
import type { RevocationEntry, StixIndicator } from './types';

/**
 * The re-upload that takes an indicator sent earlier out of service: same id and pattern, `revoked: true`,
 * `modified` later than anything sent for it, and `valid_until` = now (kept later than `valid_from`).
 * @example buildRevocation({id, pattern, created, validFrom, lastModified}, new Date())
 */
export function buildRevocation(entry: RevocationEntry, now: Date): StixIndicator {
  const times = revocationTimes(entry, now);
  const object: StixIndicator = {
    type: 'indicator',
    spec_version: '2.1',
    id: entry.id,
    created: times.created,
    modified: times.modified,
    indicator_types: ['malicious-activity'],
    pattern: entry.pattern,
    pattern_type: 'stix',
    pattern_version: '2.1',
    valid_from: times.validFrom,
    valid_until: times.validUntil,
    revoked: true,
  };
  if (entry.name) object.name = entry.name;
  return object;
}
