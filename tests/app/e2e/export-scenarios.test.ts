import type { Job, QueryConfig } from '../../../app/export/types';
import type { AppStack } from '../../../app/testing/start-app-stack';
import type { TcIndicator } from '../../../sdk/threatconnect/types';
import { allOf, call, runJob, saveConfig, startStack } from './e2e-kit';

// One service, one ThreatConnect and one Sentinel simulator, taken through a sequence of updates: full, delta with
// changes, delta with deletions, full after the set shrank. Added indicators carry old dates so that only what a
// step changes counts as changed.
let stack: AppStack;
const OLD = '2024-06-01T00:00:00Z';
const ids: Record<string, number> = {};
let ownerA = '';
let ownerB = '';
let ownerC = '';

function add(key: string, owner: string, partial: Partial<TcIndicator> & { type: string; summary: string }, dateAdded = '2024-01-01T00:00:00Z'): void {
  ids[key] = stack.tc.addIndicator({ ownerName: owner, rating: 3, confidence: 70, dateAdded, lastModified: OLD, ...partial } as Partial<TcIndicator> & {
    type: string;
  }).id;
}

const sentFor = (tcId: number) =>
  stack.sentinel.store.all().filter((o) => (o.external_references as Array<{ external_id: string }> | undefined)?.[0]?.external_id === String(tcId));
const byPattern = (pattern: string) => stack.sentinel.store.all().filter((o) => o.pattern === pattern);

beforeAll(async () => {
  // The revoke guard is off here: these scenarios are about what a full update revokes (revoke-guard.test.ts is
  // about holding it back).
  stack = await startStack('scenarios', { tc: { indicatorCount: 200, seed: 11, malformedCount: 3 }, inputs: { revoke_guard_percent: '100' } });
  [ownerA, ownerB, ownerC] = stack.tc.owners.map((o) => o.name) as [string, string, string];
  add('ipv4', ownerA, { type: 'Address', summary: '123.45.67.89', ip: '123.45.67.89' } as never);
  add('ipv6', ownerA, { type: 'Address', summary: '2a03:b0c0:3:e0:0:0:341:6001', ip: '2a03:b0c0:3:e0:0:0:341:6001' } as never);
  add('cidr', ownerA, { type: 'CIDR', summary: '123.45.67.89/24', Block: '123.45.67.89/24' } as never);
  add('host', ownerA, { type: 'Host', summary: 'reallybadsite.com', hostName: 'reallybadsite.com' } as never);
  add('file', ownerA, {
    type: 'File',
    summary: '0CC175B9C0F1B6A831C399E269772661 : 86F7E437FAA5A7FCE15D1DDCB9EAEAEA377667B8 : CA978112CA1BBDCAFAC231B39A23DC4DA786EFF8147C4E72B9807785AFEE48BB',
    md5: '0CC175B9C0F1B6A831C399E269772661',
    sha1: '86F7E437FAA5A7FCE15D1DDCB9EAEAEA377667B8',
    sha256: 'CA978112CA1BBDCAFAC231B39A23DC4DA786EFF8147C4E72B9807785AFEE48BB',
  } as never);
  add('url', ownerA, { type: 'URL', summary: 'https://asdfgoogle.com/asdf', text: 'https://asdfgoogle.com/asdf' } as never);
  add('asn', ownerA, { type: 'ASN', summary: 'ASN001', 'AS Number': 'ASN001' } as never);
  add('email', ownerA, { type: 'EmailAddress', summary: 'tester@testdomain.com', address: 'tester@testdomain.com' } as never);
  add('subject', ownerA, { type: 'Email Subject', summary: 'Test Email Subject', Subject: 'Test Email Subject' } as never);
  add('regkey', ownerA, {
    type: 'Registry Key',
    summary: 'HKEY_LOCAL_MACHINE\\SOFTWARE\\Adobe : TEST_VALUE : REG_BINARY',
    'Key Name': 'HKEY_LOCAL_MACHINE\\SOFTWARE\\Adobe',
    'Value Name': 'TEST_VALUE',
    'Value Type': 'REG_BINARY',
  } as never);
  // The same Host in three owners: configuration 1 asks only owner C; configuration 2 asks everyone, and there the
  // copy of owner B is older (first in dateAdded order) than owner A's.
  add('dupA', ownerA, { type: 'Host', summary: 'shared-bad.example', hostName: 'shared-bad.example' } as never, '2024-03-01T00:00:00Z');
  add('dupB', ownerB, { type: 'Host', summary: 'shared-bad.example', hostName: 'shared-bad.example' } as never, '2024-02-01T00:00:00Z');
  add('dupC', ownerC, { type: 'Host', summary: 'shared-bad.example', hostName: 'shared-bad.example' } as never, '2024-05-01T00:00:00Z');
  add('sortA', ownerA, { type: 'Host', summary: 'sorted-bad.example', hostName: 'sorted-bad.example' } as never, '2024-03-01T00:00:00Z');
  add('sortB', ownerB, { type: 'Host', summary: 'sorted-bad.example', hostName: 'sorted-bad.example' } as never, '2024-02-01T00:00:00Z');
}, 60_000);
afterAll(() => stack?.close());

const configOne = (): QueryConfig => ({ owners: [ownerC], indicatorTypes: ['Host'], tql: 'rating >= 0', sortField: 'dateAdded', sortDirection: 'asc' });
let firstFull: Job;

describe('export scenarios through the real service', () => {
  it('a full update sends all nine types, mapped exactly as docs/data-mapping.md shows', async () => {
    await saveConfig(stack, [configOne(), allOf(stack)]);
    firstFull = await runJob(stack, 'full');
    expect(firstFull.status).toBe('Upload Complete');
    const expected: Array<[string, string[], string[]]> = [
      ['ipv4', ["[ipv4-addr:value = '123.45.67.89']"], [`123.45.67.89 | ${ownerA}`]],
      ['ipv6', ["[ipv6-addr:value = '2a03:b0c0:3:e0::341:6001']"], [`2a03:b0c0:3:e0::341:6001 | ${ownerA}`]],
      ['cidr', ["[ipv4-addr:value = '123.45.67.0/24']"], [`123.45.67.0/24 | ${ownerA}`]],
      ['host', ["[domain-name:value = 'reallybadsite.com']"], [`reallybadsite.com | ${ownerA}`]],
      [
        'file',
        [
          "[file:hashes.MD5 = '0cc175b9c0f1b6a831c399e269772661']",
          "[file:hashes.'SHA-1' = '86f7e437faa5a7fce15d1ddcb9eaeaea377667b8']",
          "[file:hashes.'SHA-256' = 'ca978112ca1bbdcafac231b39a23dc4da786eff8147c4e72b9807785afee48bb']",
        ],
        [
          `0cc175b9c0f1b6a831c399e269772661 | ${ownerA}`,
          `86f7e437faa5a7fce15d1ddcb9eaeaea377667b8 | ${ownerA}`,
          `ca978112ca1bbdcafac231b39a23dc4da786eff8147c4e72b9807785afee48bb | ${ownerA}`,
        ],
      ],
      ['url', ["[url:value = 'https://asdfgoogle.com/asdf']"], [`https://asdfgoogle.com/asdf | ${ownerA}`]],
      ['asn', ['[autonomous-system:number = 1]'], [`ASN001 | ${ownerA}`]],
      ['email', ["[email-addr:value = 'tester@testdomain.com']"], [`tester@testdomain.com | ${ownerA}`]],
      ['subject', ["[email-message:subject = 'Test Email Subject']"], [`Test Email Subject | ${ownerA}`]],
      [
        'regkey',
        [
          "[windows-registry-key:key = 'HKEY_LOCAL_MACHINE\\\\SOFTWARE\\\\Adobe' AND windows-registry-key:values[*].name = 'TEST_VALUE' AND windows-registry-key:values[*].data_type = 'REG_BINARY']",
        ],
        [`HKEY_LOCAL_MACHINE\\SOFTWARE\\Adobe : TEST_VALUE : REG_BINARY | ${ownerA}`],
      ],
    ];
    for (const [key, patterns, names] of expected) {
      const sent = sentFor(ids[key]!).sort((a, b) => String(a.pattern).length - String(b.pattern).length);
      expect({ key, patterns: sent.map((o) => o.pattern).sort(), names: sent.map((o) => o.name).sort() }).toEqual({
        key,
        patterns: [...patterns].sort(),
        names: [...names].sort(),
      });
      for (const o of sent) {
        expect(o).toMatchObject({
          type: 'indicator',
          spec_version: '2.1',
          pattern_type: 'stix',
          pattern_version: '2.1',
          indicator_types: ['malicious-activity'],
          confidence: 70,
          created: '2024-01-01T00:00:00.000Z',
        });
        expect(o.external_references).toEqual([{ source_name: 'ThreatConnect', url: expect.stringContaining(`/${ids[key]}/`), external_id: String(ids[key]) }]);
        expect(JSON.parse(String(o.description))).toMatchObject({ ownerName: ownerA, rating: 3, confidence: 70 });
      }
    }
    const hours = (o: Record<string, unknown>) => (Date.parse(String(o.valid_until)) - Date.parse(String(o.valid_from))) / 3600_000;
    expect(hours(sentFor(ids.url!)[0]!)).toBe(720);
    expect(hours(sentFor(ids.file!)[0]!)).toBe(8760);
    expect(hours(sentFor(ids.asn!)[0]!)).toBe(2160);
  }, 60_000);

  it('sends a value found in several owners and configurations once, from the highest configuration', () => {
    const shared = byPattern("[domain-name:value = 'shared-bad.example']");
    expect(shared).toHaveLength(1);
    expect((shared[0]!.external_references as Array<{ external_id: string }>)[0]!.external_id).toBe(String(ids.dupC));
    // Within one configuration the first in its sort order (dateAdded ascending) wins: owner B's older copy.
    const sorted = byPattern("[domain-name:value = 'sorted-bad.example']");
    expect(sorted).toHaveLength(1);
    expect((sorted[0]!.external_references as Array<{ external_id: string }>)[0]!.external_id).toBe(String(ids.sortB));
    expect(firstFull.counts.duplicates).toBeGreaterThanOrEqual(3);
  });

  it('a delta sends only what changed since the last run', async () => {
    stack.tc.updateIndicator(ids.ipv4!, { rating: 5 } as never);
    stack.tc.updateIndicator(ids.url!, { confidence: 90 } as never);
    stack.tc.updateIndicator(ids.subject!, { rating: 4 } as never);
    const before = stack.sentinel.requests.length;
    const delta = await runJob(stack, 'delta');
    expect(delta).toMatchObject({ status: 'Upload Complete', mode: 'delta' });
    expect(delta.counts).toMatchObject({ downloaded: 3, uploaded: 3, revoked: 0, refreshed: 0 });
    const uploads = stack.sentinel.requests.slice(before).filter((r) => r.kind === 'upload' && r.status === 200);
    expect(uploads.reduce((n, r) => n + (r.objects ?? 0), 0)).toBe(3);
    expect(sentFor(ids.url!)[0]).toMatchObject({ confidence: 90 });
  }, 60_000);

  it('a delta revokes what ThreatConnect deleted', async () => {
    stack.tc.deleteIndicator(ids.host!);
    stack.tc.deleteIndicator(ids.file!);
    const delta = await runJob(stack, 'delta');
    expect(delta.status).toBe('Upload Complete');
    expect(delta.counts.revoked).toBe(4); // the Host, and the File's three hashes
    for (const o of [...sentFor(ids.host!), ...sentFor(ids.file!)]) expect(o.revoked).toBe(true);
    expect(sentFor(ids.ipv4!)[0]!.revoked).not.toBe(true);
  }, 60_000);

  it('a full update revokes what left the set, and leaves the rest', async () => {
    const activeBefore = stack.sentinel.store.active(new Date()).length;
    await saveConfig(stack, [configOne()]);
    const full = await runJob(stack, 'full');
    expect(full.status).toBe('Upload Complete');
    const active = stack.sentinel.store.active(new Date());
    expect(active.every((o) => String(o.pattern).startsWith('[domain-name:') && JSON.parse(String(o.description)).ownerName === ownerC)).toBe(true);
    expect(full.counts.revoked).toBe(activeBefore - active.length);
    expect(byPattern("[domain-name:value = 'shared-bad.example']")[0]!.revoked).not.toBe(true);
  }, 60_000);

  it('never runs two jobs at once', async () => {
    const first = await call<{ requestId: string }>(stack, 'POST', 'api/jobs', { mode: 'full' });
    const second = await call<{ error: string }>(stack, 'POST', 'api/jobs', { mode: 'delta' });
    expect(second.status).toBe(409);
    expect(second.json.error).toContain(first.json.requestId);
    const { json } = await call<{ items: Job[] }>(stack, 'GET', 'api/jobs?pageSize=100');
    await new Promise((r) => setTimeout(r, 50));
    const spans = json.items
      .filter((j) => j.endedAt)
      .map((j) => [Date.parse(j.startedAt), Date.parse(j.endedAt!)] as const)
      .sort((a, b) => a[0] - b[0]);
    for (let i = 1; i < spans.length; i++) expect(spans[i]![0]).toBeGreaterThanOrEqual(spans[i - 1]![1]);
  }, 60_000);
});
