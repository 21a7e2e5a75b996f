import { TC_VALUE_FIELDS } from '../../../sdk/threatconnect/types';
import fc from 'fast-check';
import { convertIndicator, dedupeKeys, stixIdFor, type ConvertResult } from '../../../app/stix';
import { readObservables } from '../../../app/stix/read-observables';
import type { TcIndicator } from '../../../sdk/threatconnect/types';
import { expectValidStix, literalValue, OPTIONS, SOURCE } from './helpers';

/** Pieces that break naive escaping, parsing and validation. */
const HOSTILE_PIECES = [
  "'",
  "\\'",
  '\\',
  '\\\\',
  "']",
  "' OR '1'='1",
  '] AND [x:y = 1',
  '"',
  '\n',
  '\r\n',
  '\t',
  '\u0000',
  '\u0007',
  '\u001b',
  '\u007f',
  '\u0085',
  '\u2028',
  '\ufeff',
  '\ud800',
  '\udc00',
  '💸',
  'é',
  'e\u0301',
  '例え',
  'ｅｘａｍｐｌｅ',
  '%',
  '%00',
  '/',
  ':',
  '::',
  '.',
  '..',
  '@',
  'HKLM\\',
  'AS',
  '0',
  '255',
  '-',
  ' ',
  'http://',
  'xn--',
  '/*',
  '//',
];

const codeUnit = fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c));
const hostileString = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: codeUnit, maxLength: 40 }),
  fc.array(fc.oneof(fc.constantFrom(...HOSTILE_PIECES), fc.string({ maxLength: 4 })), { maxLength: 12 }).map((parts) => parts.join('')),
  fc.tuple(fc.constantFrom(...HOSTILE_PIECES), fc.integer({ min: 100, max: 20000 })).map(([piece, n]) => piece.repeat(Math.ceil(n / piece.length))),
);
const hostileValue = fc.oneof({ weight: 4, arbitrary: hostileString }, { weight: 1, arbitrary: fc.anything() });

/** Values close to valid for each type's field, so the valid path is exercised too, with hostile pieces mixed in. */
const hex = (length: number) => fc.string({ unit: fc.constantFrom(...'0123456789abcdefABCDEF'), minLength: length, maxLength: length });
const octet = fc.integer({ min: 0, max: 255 });
const ipv4 = fc.tuple(octet, octet, octet, octet).map((o) => o.join('.'));
const ipv6 = fc
  .array(fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 0xffff })), { minLength: 8, maxLength: 8 })
  .map((g) => g.map((x) => x.toString(16)).join(':'));
const label = fc.string({ unit: fc.constantFrom(...'abcXYZ019-_ü'), minLength: 1, maxLength: 12 });
const host = fc.array(label, { minLength: 1, maxLength: 4 }).map((labels) => `${labels.join('.')}.com`);
const nearValid: Record<string, fc.Arbitrary<string>> = {
  ip: fc.oneof(ipv4, ipv6),
  Block: fc.tuple(fc.oneof(ipv4, ipv6), fc.integer({ min: 0, max: 130 })).map(([a, p]) => `${a}/${p}`),
  hostName: host,
  md5: hex(32),
  sha1: hex(40),
  sha256: hex(64),
  text: fc.tuple(fc.constantFrom('http://', 'https://', 'ftp://'), host, hostileString).map(([s, h, p]) => `${s}${h}/${p}`),
  'AS Number': fc.tuple(fc.constantFrom('', 'AS', 'ASN', 'as '), fc.bigInt({ min: 0n, max: 5_000_000_000n })).map(([p, n]) => `${p}${n}`),
  address: fc.tuple(fc.string({ unit: fc.constantFrom(..."ab.+'_Z9é"), minLength: 1, maxLength: 10 }), host).map(([l, h]) => `${l}@${h}`),
  Subject: hostileString,
  'Key Name': fc.tuple(fc.constantFrom('HKLM', 'HKEY_CURRENT_USER', 'hkcu', 'HKU', 'HKBOGUS'), hostileString).map(([h, p]) => `${h}\\${p}`),
  'Value Name': hostileString,
  'Value Type': fc.constantFrom('REG_SZ', 'reg_binary', 'REG_QWORD', 'REG_NOPE', ''),
};

const VALUE_FIELDS: Readonly<Record<string, readonly string[]>> = TC_VALUE_FIELDS;
const COMMON_FIELDS = ['summary', 'ownerName', 'dateAdded', 'webLink', 'confidence', 'rating', 'threatAssessScore', 'id', 'type'];
const COLLECTIONS = ['tags', 'attributes', 'securityLabels', 'associatedGroups'];

const collectionItem = fc.record(
  { name: hostileValue, type: fc.oneof(fc.constant('Phase of Intrusion'), hostileString), value: hostileValue },
  { requiredKeys: [] },
);

const indicatorArbitrary = fc
  .record({
    type: fc.constantFrom(...Object.keys(VALUE_FIELDS)),
    values: fc.record(
      Object.fromEntries(
        Object.entries(nearValid).map(([field, arb]) => [field, fc.oneof({ weight: 3, arbitrary: arb }, { weight: 1, arbitrary: hostileValue })]),
      ),
    ),
    common: fc.dictionary(fc.constantFrom(...COMMON_FIELDS), hostileValue, { maxKeys: 3 }),
    collections: fc.dictionary(fc.constantFrom(...COLLECTIONS), fc.oneof(fc.record({ data: fc.array(collectionItem, { maxLength: 4 }) }), fc.anything()), {
      maxKeys: 4,
    }),
  })
  .map(({ type, values, common, collections }) => {
    const fields = Object.fromEntries(VALUE_FIELDS[type]?.map((f) => [f, values[f]]) ?? []);
    return {
      id: 7,
      ownerName: 'ABC-Owner',
      type,
      dateAdded: '2024-05-06T07:08:09Z',
      lastModified: '2024-05-06T07:08:09Z',
      webLink: 'https://app.threatconnect.com/#/details/indicators/7/overview',
      ...fields,
      ...collections,
      ...common,
    } as unknown as TcIndicator;
  });

/** A converted indicator: valid objects whose patterns carry exactly the normalized values, ids from the dedupe keys. */
function checkResult(indicator: TcIndicator, result: ConvertResult): void {
  if (!result.ok) {
    expect(result.error.code).not.toBe('internal-error');
    expect(typeof result.error.message).toBe('string');
    expect(result.error.message.length).toBeGreaterThan(0);
    expect(result.error.indicator).toBe(indicator);
    return;
  }
  const read = readObservables(indicator);
  const keys = dedupeKeys(indicator);
  if (!read.ok || !keys.ok) throw new Error('converted, but the observables cannot be read');
  expect(result.objects.map((o) => o.id)).toEqual(keys.keys.map((k) => stixIdFor(SOURCE, k)));
  result.objects.forEach((object, i) => {
    const comparisons = expectValidStix(object);
    expect(comparisons.map((c) => literalValue(c.value))).toEqual(read.observables[i]?.literals);
  });
}

describe('conversion of random and hostile indicators', () => {
  it('gives schema-valid objects with grammar-valid patterns carrying the normalized value, or an error; never throws', () => {
    fc.assert(
      fc.property(indicatorArbitrary, (indicator) => {
        checkResult(indicator, convertIndicator(indicator, OPTIONS));
      }),
      { numRuns: 1500 },
    );
  });

  it.each(Object.entries(VALUE_FIELDS).flatMap(([type, fields]) => fields.map((field) => [type, field] as const)))(
    '%s with a hostile "%s" value',
    (type, field) => {
      fc.assert(
        fc.property(hostileValue, (value) => {
          const indicator = {
            id: 1,
            ownerName: 'o',
            type,
            summary: 's',
            dateAdded: '2024-01-01T00:00:00Z',
            lastModified: '2024-01-01T00:00:00Z',
            [field]: value,
          };
          if (type === 'Registry Key' && field !== 'Key Name') Object.assign(indicator, { 'Key Name': 'HKLM\\Software' });
          checkResult(indicator as unknown as TcIndicator, convertIndicator(indicator as unknown as TcIndicator, OPTIONS));
        }),
        { numRuns: 150 },
      );
    },
  );

  it('normalizes idempotently: converting the normalized value again gives the same key', () => {
    fc.assert(
      fc.property(indicatorArbitrary, (indicator) => {
        const first = readObservables(indicator);
        if (!first.ok || indicator.type === 'Registry Key' || indicator.type === 'File') return;
        const field = VALUE_FIELDS[indicator.type]?.[0] as string;
        const literal = first.observables[0]?.literals[0];
        const again = readObservables({ ...indicator, [field]: String(literal) });
        expect(again.ok && again.observables[0]?.key).toBe(first.observables[0]?.key);
      }),
      { numRuns: 1000 },
    );
  });

  it('agrees with the WHATWG URL parser on the compressed form of IPv6 addresses', () => {
    fc.assert(
      fc.property(ipv6, (ip) => {
        const result = readObservables({ id: 1, type: 'Address', ip } as unknown as TcIndicator);
        const whatwg = new URL(`http://[${ip}]/`).hostname.slice(1, -1);
        const value = result.ok ? result.observables[0]?.literals[0] : undefined;
        // WHATWG does not write IPv4-mapped addresses in mixed notation; RFC 5952 §5 recommends it.
        if (typeof value === 'string' && !value.startsWith('::ffff:')) expect(value).toBe(whatwg);
        else expect(whatwg.startsWith('::ffff:')).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });
});
