import fc from 'fast-check';
import { buildRevocation, convertIndicator, type StixIndicator } from '../../../app/stix';
import { modifiedClock, TTL_HOURS_RANGE, validityWindow } from '../../../app/stix/timing';
import { createStixValidator } from '../../../app/stix/validate-stix';
import type { TcIndicatorType } from '../../../sdk/threatconnect/types';
import { seedIndicator, SOURCE } from './helpers';

// Every time an object carries comes from app/stix/timing.ts. For any time to live the inputs accept and any clock,
// the objects the converter makes, the objects as an upload batch sends them, and the revocations are valid STIX
// 2.1 (the OASIS schemas) with valid_until after valid_from.
const validator = createStixValidator();
const TYPES: TcIndicatorType[] = ['Address', 'CIDR', 'Host', 'File', 'URL', 'ASN', 'EmailAddress', 'Email Subject', 'Registry Key'];
const ttl = fc.oneof(
  fc.integer({ min: TTL_HOURS_RANGE.min, max: TTL_HOURS_RANGE.max }),
  fc.double({ min: TTL_HOURS_RANGE.min, max: TTL_HOURS_RANGE.max, noNaN: true }),
);
const clock = fc.date({ min: new Date('1990-01-01T00:00:00Z'), max: new Date('2200-01-01T00:00:00Z'), noInvalidDate: true });
const seed = fc.constantFrom('address-v4', 'address-v6', 'cidr', 'host', 'file', 'url', 'asn', 'email-address', 'email-subject', 'registry-key');

function expectValid(object: StixIndicator): void {
  expect(validator.validate(object)).toEqual([]);
  expect(Date.parse(object.valid_until!)).toBeGreaterThan(Date.parse(object.valid_from));
  expect(Date.parse(object.modified)).toBeGreaterThanOrEqual(Date.parse(object.created));
}

it('the converter’s objects, as converted and as an upload batch sends them', () => {
  fc.assert(
    fc.property(seed, ttl, clock, clock, (name, hours, convertedAt, sentAt) => {
      const ttlHours = Object.fromEntries(TYPES.map((t) => [t, hours])) as Record<TcIndicatorType, number>;
      const result = convertIndicator({ ...seedIndicator(name), dateAdded: '1989-06-01T00:00:00Z' }, { sourceSystem: SOURCE, ttlHours, now: convertedAt });
      if (!result.ok) throw new Error(result.error.message);
      for (const object of result.objects) {
        expectValid(object);
        // The upload sets modified, valid_from and valid_until at the time the batch goes, by the same rule.
        const next = modifiedClock(() => sentAt, undefined);
        const modified = next();
        const window = validityWindow(modified.getTime(), hours);
        expectValid({ ...object, modified: window.validFrom, valid_from: window.validFrom, valid_until: window.validUntil });
      }
    }),
    { numRuns: 300, seed: 7 },
  );
});

it('revocations, whenever they are sent after whatever was sent before', () => {
  fc.assert(
    fc.property(clock, clock, clock, (created, lastSent, now) => {
      const object = buildRevocation(
        {
          id: 'indicator--6ba7b811-9dad-51d1-80b4-00c04fd430c8',
          pattern: "[ipv4-addr:value = '1.2.3.4']",
          name: '1.2.3.4',
          created: created.toISOString(),
          validFrom: lastSent.toISOString(),
          lastModified: lastSent.toISOString(),
        },
        now,
      );
      expectValid(object);
      expect(Date.parse(object.modified)).toBeGreaterThan(Math.min(lastSent.getTime(), now.getTime()) - 1);
      expect(Date.parse(object.modified)).toBeGreaterThan(lastSent.getTime());
    }),
    { numRuns: 500, seed: 8 },
  );
});

it('the modified clock never goes back, whatever the wall clock does', () => {
  fc.assert(
    fc.property(fc.array(clock, { minLength: 2, maxLength: 30 }), fc.option(clock, { nil: undefined }), (times, last) => {
      let i = 0;
      const next = modifiedClock(() => times[i++ % times.length]!, last?.toISOString());
      let previous = last?.getTime() ?? -Infinity;
      for (let k = 0; k < times.length; k += 1) {
        const m = next().getTime();
        expect(m).toBeGreaterThan(previous);
        previous = m;
      }
    }),
    { numRuns: 300, seed: 9 },
  );
});
