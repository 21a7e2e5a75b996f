import { convertIndicator } from '../../../app/stix';
import { contentDigest, readObjectLine, stageObject, type ObjectMeta } from '../../../app/export/convert/convert-line';
import { Ledger } from '../../../app/export/state/ledger';
import type { TcIndicator } from '../../../sdk/threatconnect/types';

const TTL = { Address: 24, CIDR: 24, Host: 48, File: 720, URL: 12, ASN: 24, EmailAddress: 24, 'Email Subject': 24, 'Registry Key': 24 } as const;

function indicator(over: Partial<TcIndicator>): TcIndicator {
  return {
    id: 7,
    type: 'Host',
    ownerName: 'Owner, "quoted"\ttabbed, ünïcode',
    dateAdded: '2026-01-01T00:00:00Z',
    lastModified: '2026-01-02T00:00:00Z',
    summary: 'evil,example.com',
    hostName: 'evil.example.com',
    rating: 3,
    confidence: 50,
    ...over,
  } as TcIndicator;
}

describe('the objects file line', () => {
  it.each([
    ['a host', indicator({})],
    [
      'a registry key with commas, quotes and tabs in its value',
      indicator({
        id: 9,
        type: 'Registry Key',
        'Key Name': 'HKEY_LOCAL_MACHINE\\Soft,ware\\"x"\t',
        'Value Name': 'a, "b"',
        'Value Type': 'REG_SZ',
      } as Partial<TcIndicator>),
    ],
  ])('%s: read back without decoding, its ledger fields and times make the row Ledger.sentLine writes', (_name, ind) => {
    const result = convertIndicator(ind, { sourceSystem: 'ThreatConnect-Test', ttlHours: TTL, now: new Date('2026-02-01T00:00:00Z') });
    if (!result.ok) throw new Error(result.error.message);
    for (const [refresh, ttl] of [
      [false, 48],
      [true, 0.5],
    ] as const) {
      const object = result.objects[0]!;
      const line = Buffer.from(stageObject(object, ind, ttl, refresh));
      const read = readObjectLine(line);
      expect(read.ttlHours).toBe(ttl);
      expect(read.refresh).toBe(refresh);
      const meta = JSON.parse(read.meta.toString()) as ObjectMeta;
      const digest = contentDigest(read.object.toString());
      expect(meta.slice(2)).toEqual([object.id, ind.type, ind.id, ind.ownerName, object.pattern, object.name ?? '', object.created, digest]);
      const times = { validFrom: '2026-02-02T00:00:00.000Z', validUntil: '2026-02-04T00:00:00.000Z', modified: '2026-02-02T00:00:00.000Z' };
      const sent = Buffer.concat(Ledger.sentLineParts(read.rowFields, Ledger.sentLineSuffix(times, 'job-1'))).toString();
      const expected = Ledger.sentLine({
        stixId: object.id,
        tcType: ind.type,
        tcId: ind.id,
        owner: ind.ownerName,
        pattern: object.pattern,
        name: object.name ?? '',
        created: object.created,
        digest,
        ...times,
        lastJob: 'job-1',
      });
      expect(JSON.parse(sent)).toEqual(JSON.parse(expected));
      const { modified: _m, valid_from: _f, valid_until: _u, ...rest } = object;
      expect(JSON.parse(read.object.toString())).toEqual(rest);
    }
  });

  it('digests content, not timing: a new send time keeps the digest, any other change alters it', () => {
    const at = (now: string, over: Partial<TcIndicator> = {}) => {
      const result = convertIndicator(indicator(over), { sourceSystem: 'ThreatConnect-Test', ttlHours: TTL, now: new Date(now) });
      if (!result.ok) throw new Error(result.error.message);
      return (JSON.parse(readObjectLine(Buffer.from(stageObject(result.objects[0]!, indicator(over), 48, false))).meta.toString()) as ObjectMeta)[9];
    };
    expect(at('2026-02-01T00:00:00Z')).toBe(at('2026-03-01T00:00:00Z'));
    expect(at('2026-02-01T00:00:00Z', { confidence: 51 })).not.toBe(at('2026-02-01T00:00:00Z'));
    expect(at('2026-02-01T00:00:00Z')).toMatch(/^[A-Za-z0-9_-]{22}$/);
  });

  it('refuses a line that is not <meta>\\t<object>', () => {
    expect(() => readObjectLine(Buffer.from('{"no":"meta"}'))).toThrow(/not <meta>\t<object>/);
    expect(() => readObjectLine(Buffer.from('[1,0,"x"]{"a":1}'))).toThrow(/not <meta>/);
  });
});
