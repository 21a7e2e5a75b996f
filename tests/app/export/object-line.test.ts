import { convertIndicator } from '../../../app/stix';
import { readObjectLine, stageObject, type ObjectMeta } from '../../../app/export/convert/convert-line';
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
    ['a registry key with commas, quotes and tabs in its value', indicator({ id: 9, type: 'Registry Key', 'Key Name': 'HKEY_LOCAL_MACHINE\\Soft,ware\\"x"\t', 'Value Name': 'a, "b"', 'Value Type': 'REG_SZ' } as Partial<TcIndicator>)],
  ])('%s: read back without decoding, its ledger fields and times make the row Ledger.sentLine writes', (_name, ind) => {
    const result = convertIndicator(ind, { sourceSystem: 'ThreatConnect-Test', ttlHours: TTL, now: new Date('2026-02-01T00:00:00Z') });
    if (!result.ok) throw new Error(result.error.message);
    for (const [refresh, ttl] of [[false, 48], [true, 0.5]] as const) {
      const object = result.objects[0]!;
      const line = Buffer.from(stageObject(object, ind, ttl, refresh));
      const read = readObjectLine(line);
      expect(read.ttlHours).toBe(ttl);
      expect(read.refresh).toBe(refresh);
      const meta = JSON.parse(read.meta.toString()) as ObjectMeta;
      expect(meta.slice(2)).toEqual([object.id, ind.type, ind.id, ind.ownerName, object.pattern, object.name ?? '', object.created]);
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
        ...times,
        lastJob: 'job-1',
      });
      expect(JSON.parse(sent)).toEqual(JSON.parse(expected));
      const { modified: _m, valid_from: _f, valid_until: _u, ...rest } = object;
      expect(JSON.parse(read.object.toString())).toEqual(rest);
    }
  });

  it('refuses a line that is not <meta>\\t<object>', () => {
    expect(() => readObjectLine(Buffer.from('{"no":"meta"}'))).toThrow(/not <meta>\t<object>/);
    expect(() => readObjectLine(Buffer.from('[1,0,"x"]{"a":1}'))).toThrow(/not <meta>/);
  });
});
