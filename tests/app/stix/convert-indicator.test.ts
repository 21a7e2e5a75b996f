import { v5 as uuidV5 } from 'uuid';
import { convertIndicator, stixIdFor, STIX_ID_NAMESPACE, TLP_MARKINGS } from '../../../app/stix';
import { convertInvalid, convertOne, convertValid, indicatorOf, NOW, OPTIONS, seedIndicator, SOURCE, TTL } from './helpers';

const SEED_ATTRIBUTES = [
  { type: 'Last Seen', value: '2023-09-19T14:51:51Z' },
  { type: 'First Seen', value: '2023-09-13T14:51:34Z' },
  { type: 'Phase of Intrusion', value: 'Delivery' },
  { type: 'Phase of Intrusion', value: 'Reconnaissance' },
];

function hoursAfterNow(hours: number): string {
  return new Date(NOW.getTime() + hours * 3_600_000).toISOString();
}

/** The seed examples of docs/data-mapping.md: the exact pattern and name of each. */
describe.each([
  ['address-v4', "[ipv4-addr:value = '123.45.67.89']", '123.45.67.89 | ABC-Owner', 'ipv4-addr:123.45.67.89', 45],
  ['address-v6', "[ipv6-addr:value = '2a03:b0c0:3:e0::341:6001']", '2a03:b0c0:3:e0::341:6001 | ABC-Owner', 'ipv6-addr:2a03:b0c0:3:e0::341:6001', 45],
  ['cidr', "[ipv4-addr:value = '123.45.67.0/24']", '123.45.67.0/24 | ABC-Owner', 'ipv4-addr:123.45.67.0/24', 45],
  ['host', "[domain-name:value = 'reallybadsite.com']", 'reallybadsite.com | ABC-Owner', 'domain-name:reallybadsite.com', 85],
  ['url', "[url:value = 'https://asdfgoogle.com/asdf']", 'https://asdfgoogle.com/asdf | ABC-Owner', 'url:https://asdfgoogle.com/asdf', 71],
  ['asn', '[autonomous-system:number = 1]', 'ASN001 | ABC-Owner', 'autonomous-system:1', 34],
  ['email-address', "[email-addr:value = 'tester@testdomain.com']", 'tester@testdomain.com | ABC-Owner', 'email-addr:tester@testdomain.com', 60],
  ['email-subject', "[email-message:subject = 'Test Email Subject']", 'Test Email Subject | ABC-Owner', 'email-message:Test Email Subject', 60],
  [
    'registry-key',
    "[windows-registry-key:key = 'HKEY_LOCAL_MACHINE\\\\SOFTWARE\\\\Adobe' AND windows-registry-key:values[*].name = 'TEST_VALUE' AND windows-registry-key:values[*].data_type = 'REG_BINARY']",
    'HKEY_LOCAL_MACHINE\\SOFTWARE\\Adobe : TEST_VALUE : REG_BINARY | ABC-Owner',
    'windows-registry-key:HKEY_LOCAL_MACHINE\\SOFTWARE\\Adobe\u0000TEST_VALUE\u0000REG_BINARY',
    50,
  ],
])('seed example %s', (seed, pattern, name, key, confidence) => {
  const indicator = seedIndicator(seed);
  const object = convertOne(indicator);

  it('has the pattern and name of the mapping', () => {
    expect(object.pattern).toBe(pattern);
    expect(object.name).toBe(name);
  });

  it('is the full STIX object', () => {
    expect(object).toEqual({
      type: 'indicator',
      spec_version: '2.1',
      id: stixIdFor(SOURCE, key),
      created: '2023-09-13T14:51:34.000Z',
      modified: NOW.toISOString(),
      name,
      description: JSON.stringify({
        type: indicator.type,
        summary: indicator.summary,
        confidence,
        rating: indicator.rating,
        threatAssessScore: indicator.threatAssessScore,
        ownerName: 'ABC-Owner',
        associatedGroups: ['Campaign X'],
        attributes: SEED_ATTRIBUTES,
        webLink: indicator.webLink,
      }),
      indicator_types: ['malicious-activity'],
      pattern,
      pattern_type: 'stix',
      pattern_version: '2.1',
      valid_from: NOW.toISOString(),
      valid_until: hoursAfterNow(TTL[indicator.type as keyof typeof TTL]),
      kill_chain_phases: [
        { kill_chain_name: 'lockheed-martin-cyber-kill-chain', phase_name: 'delivery' },
        { kill_chain_name: 'lockheed-martin-cyber-kill-chain', phase_name: 'reconnaissance' },
      ],
      labels: ['APT', 'phishing'],
      confidence,
      external_references: [{ source_name: 'ThreatConnect', url: indicator.webLink, external_id: String(indicator.id) }],
      object_marking_refs: [TLP_MARKINGS.amber],
    });
  });

  it('has an id that is UUIDv5 of the source and the normalized key', () => {
    expect(object.id).toBe(`indicator--${uuidV5(`${SOURCE.length}:${SOURCE}${key}`, STIX_ID_NAMESPACE)}`);
  });
});

describe('seed example file (three hashes)', () => {
  const indicator = seedIndicator('file');
  const objects = convertValid(indicator);

  it('becomes one indicator per hash, in MD5, SHA-1, SHA-256 order, hex in lowercase', () => {
    expect(objects.map((o) => o.pattern)).toEqual([
      "[file:hashes.MD5 = '912ec803b2ce49e4a541068d495ab570']",
      "[file:hashes.'SHA-1' = '3da541559918a808c2402bba5012f6c60b27661c']",
      "[file:hashes.'SHA-256' = '523463041ef9ffa2950d8450feb34c88bc8692c40c9cf3c99dcdf75e270229e2']",
    ]);
    expect(objects.map((o) => o.name)).toEqual([
      '912ec803b2ce49e4a541068d495ab570 | ABC-Owner',
      '3da541559918a808c2402bba5012f6c60b27661c | ABC-Owner',
      '523463041ef9ffa2950d8450feb34c88bc8692c40c9cf3c99dcdf75e270229e2 | ABC-Owner',
    ]);
  });

  it('shares the File description (summary md5 : sha1 : sha256) and the TTL of File', () => {
    const description = JSON.parse(objects[0]?.description ?? '{}') as Record<string, unknown>;
    expect(description).toMatchObject({ type: 'File', summary: indicator.summary, confidence: 23, rating: 3, threatAssessScore: 389 });
    expect(new Set(objects.map((o) => o.description)).size).toBe(1);
    expect(objects.every((o) => o.valid_until === hoursAfterNow(TTL.File))).toBe(true);
  });

  it('gives each hash its own id and its own arrays', () => {
    expect(new Set(objects.map((o) => o.id)).size).toBe(3);
    expect(objects[0]?.labels).toEqual(objects[1]?.labels);
    expect(objects[0]?.labels).not.toBe(objects[1]?.labels);
    expect(objects[0]?.kill_chain_phases?.[0]).not.toBe(objects[1]?.kill_chain_phases?.[0]);
  });
});

describe('deterministic ids', () => {
  it('gives the same indicator the same id on every conversion, whatever else changed', () => {
    const a = convertOne(seedIndicator('host'));
    const b = convertOne({ ...seedIndicator('host'), hostName: 'ReallyBadSite.COM.', confidence: 3, id: 999 }, { ...OPTIONS, now: new Date() });
    expect(b.id).toBe(a.id);
  });

  it('gives another source system another id', () => {
    const a = convertOne(seedIndicator('host'));
    const b = convertOne(seedIndicator('host'), { ...OPTIONS, sourceSystem: 'ThreatConnect-Other' });
    expect(b.id).not.toBe(a.id);
  });
});

describe('timestamps', () => {
  const host = seedIndicator('host');

  it('sends modified strictly later than the version sent before', () => {
    const earlier = convertOne(host).id;
    const previous = '2026-01-02T03:04:05.678Z';
    const object = convertOne(host, { ...OPTIONS, previousModified: (id) => (id === earlier ? previous : undefined) });
    expect(object.modified).toBe('2026-01-02T03:04:05.679Z');
    const later = convertOne(host, { ...OPTIONS, previousModified: () => '2026-03-01T00:00:00Z' });
    expect(later.modified).toBe('2026-03-01T00:00:00.001Z');
    const older = convertOne(host, { ...OPTIONS, previousModified: () => '2020-01-01T00:00:00.000Z' });
    expect(older.modified).toBe(NOW.toISOString());
  });

  it.each([
    ['2023-09-13T14:51:34Z', '2023-09-13T14:51:34.000Z'],
    ['2023-09-13T14:51:34.1234567Z', '2023-09-13T14:51:34.123Z'],
    ['2023-09-13T16:51:34+02:00', '2023-09-13T14:51:34.000Z'],
    ['2023-09-13 14:51:34', '2023-09-13T14:51:34.000Z'],
    ['2027-01-01T00:00:00Z', NOW.toISOString()],
  ])('takes created from dateAdded %s (never after modified)', (dateAdded, created) => {
    expect(convertOne({ ...host, dateAdded }).created).toBe(created);
  });

  it.each([['yesterday'], ['2023-02-30T00:00:00Z'], [''], [undefined], [12345]])('rejects dateAdded %p', (dateAdded) => {
    const error = convertInvalid({ ...host, dateAdded } as never);
    expect(error).toMatchObject({ code: 'invalid-value', field: 'dateAdded' });
  });

  it.each([
    [1, '2026-01-02T04:04:05.678Z'],
    [87_600, '2035-12-31T03:04:05.678Z'],
  ])('takes valid_until from the TTL of the type (%p hours)', (hours, validUntil) => {
    expect(convertOne(host, { ...OPTIONS, ttlHours: { ...TTL, Host: hours } }).valid_until).toBe(validUntil);
  });

  it.each([[0], [0.5], [-1], [87_601], [1e9], [Number.NaN], [undefined]])('rejects a TTL of %p hours', (hours) => {
    const error = convertInvalid(host, { ...OPTIONS, ttlHours: { ...TTL, Host: hours as number } });
    expect(error.code).toBe('missing-ttl');
    expect(error.message).toContain('Host');
  });

  it('rejects an invalid time of upload', () => {
    expect(convertInvalid(host, { ...OPTIONS, now: new Date(Number.NaN) }).code).toBe('invalid-options');
  });
});

describe('indicators that cannot be converted', () => {
  it.each([
    ['not an object', 'Mutex', 'invalid-indicator'],
    ['an unexported type', { type: 'Mutex', summary: 'x' }, 'unsupported-type'],
    ['no type', { summary: 'x' }, 'invalid-indicator'],
    ['a list', [], 'invalid-indicator'],
    ['null', null, 'invalid-indicator'],
  ])('%s gives an error, not an exception', (_name, input, code) => {
    const result = convertIndicator(input as never, OPTIONS);
    expect(result).toMatchObject({ ok: false, error: { code } });
  });

  it('names the value in the message', () => {
    const error = convertInvalid(indicatorOf('Address', { ip: '999.1.1.1' }));
    expect(error.message).toBe('Address "999.1.1.1" is not a valid IPv4 or IPv6 address');
    expect(error.field).toBe('ip');
  });

  it('falls back to the summary when the value field is absent', () => {
    expect(convertOne(indicatorOf('Host', { summary: 'Example.org' })).pattern).toBe("[domain-name:value = 'example.org']");
  });
});
