import fc from 'fast-check';
import { decodePage, pageProcessor } from '../../../app/export/convert/page-processor';

const settings = {
  sourceSystem: 'ThreatConnect-Test',
  ttlHours: { Address: 24, CIDR: 24, Host: 24, File: 24, URL: 24, ASN: 24, EmailAddress: 24, 'Email Subject': 24, 'Registry Key': 24 },
  now: '2026-02-01T00:00:00.000Z',
};
const host = (id: number, hostName: string, description?: string) => ({
  id,
  type: 'Host',
  ownerName: 'Org',
  hostName,
  summary: hostName,
  dateAdded: '2026-01-01T00:00:00Z',
  lastModified: '2026-01-01T00:00:00Z',
  ...(description ? { description } : {}),
});

describe('reading a page', () => {
  it.each([
    ['ASCII only', { data: [host(1, 'a.example', 'plain')], next: 'https://tc/api/v3/indicators?resultStart=1' }],
    ['UTF-8 text', { data: [host(2, 'b.example', 'café – 漢字 😀')] }],
  ])('%s: the same indicators as JSON.parse of the text, with the next link, size and the last one’s sort keys', (_name, page) => {
    const text = JSON.stringify(page);
    const read = pageProcessor(settings).read(Buffer.from(text));
    const { id, summary, dateAdded, lastModified } = page.data[0]!;
    const last = { id, summary, dateAdded, lastModified }; // the sort fields it has (no rating: unset), and no description
    expect(read).toEqual({ ok: true, data: page.data, links: { size: 1, last, ...('next' in page ? { next: page.next } : {}) } });
  });

  it('reports an indicator whose object the schemas refuse, with the raw indicator, and writes none of its objects', () => {
    const refuseSecond = { validate: (o: unknown) => ((o as { name?: string }).name?.startsWith('refuse-me') ? ['/name is refused'] : []) };
    const processor = pageProcessor(settings, refuseSecond);
    const page = processor.read(Buffer.from(JSON.stringify({ data: [host(1, 'keep.example'), host(2, 'refuse-me.example'), host(3, 'also-kept.example')] })));
    if (!page.ok) throw new Error(page.reason);
    const lines: string[] = [];
    const result = processor.convert(page.data, false, (line) => lines.push(line));
    expect(result).toMatchObject({ received: 3, objects: 2 });
    expect(result.failures).toEqual([
      {
        message: expect.stringMatching(/^The STIX object indicator--\S+ does not validate against the STIX 2\.1 schemas: \/name is refused$/),
        raw: page.data[1],
      },
    ]);
    expect(lines.some((l) => l.includes('refuse-me'))).toBe(false);
  });

  it('keeps \\u escapes in an ASCII page as the characters they stand for', () => {
    const text = '{"data":[{"id":3,"type":"Host","hostName":"c.example","description":"caf\\u00e9 \\ud83d\\ude00"}]}';
    const read = pageProcessor(settings).read(Buffer.from(text));
    expect(read.ok && read.data[0]).toMatchObject({ description: 'café 😀' });
  });

  /** What JSON.parse makes of the bytes' UTF-8 text: a value, or that they are not JSON. */
  const viaUtf8 = (bytes: Buffer) => {
    try {
      return { value: JSON.parse(bytes.toString('utf8')) as unknown };
    } catch {
      return 'not JSON';
    }
  };
  const viaPage = (bytes: Buffer) => {
    try {
      return { value: JSON.parse(decodePage(bytes)) as unknown };
    } catch {
      return 'not JSON';
    }
  };

  it('decodes any JSON as its UTF-8 text parses, whatever characters its strings hold', () => {
    const text = fc.string({
      unit: fc.oneof(fc.constantFrom('\\', '"', 'é', '’', '漢', '😀', '\u0000', '\ufffd'), fc.string({ unit: 'binary', minLength: 1, maxLength: 1 })),
    });
    // No object here has the one-character key `\`: once an object with that key has been parsed, V8 in Node.js
    // 24.21.0 may read a later object's escaped one-character key at the same place as `\` too
    // (JSON.parse('{"\\\\":1}'); then JSON.parse('{"\\n":2}') gives {"\\":2}; Node.js 20 gives {"\n":2}), whatever
    // decodePage did. ThreatConnect's keys are ASCII field names, never `\`.
    fc.assert(
      fc.property(fc.jsonValue({ stringUnit: 'binary' }), fc.dictionary(text, text), (value, dict) => {
        const bytes = Buffer.from(JSON.stringify({ value, dict }));
        fc.pre(!bytes.includes('"\\\\":'));
        expect(viaPage(bytes)).toEqual(viaUtf8(bytes));
      }),
      { numRuns: 500 },
    );
  });

  it('decodes any bytes as their UTF-8 text would parse, broken UTF-8 and broken JSON included', () => {
    const piece = fc.oneof(
      fc.constantFrom('{"a":"', '"}', '\\', '\\\\', '\\u00', '\\u00e9', '"', ',', '[', ']', ':', ' ', 'x', '1'),
      fc.uint8Array({ minLength: 1, maxLength: 4 }).map((b) => Buffer.from(b).toString('latin1')),
      fc.constantFrom('é', '😀', '’').map((c) => Buffer.from(c).toString('latin1')),
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 12 }), (pieces) => {
        const bytes = Buffer.from(`{"v":"${pieces.join('')}"}`, 'latin1');
        expect(viaPage(bytes)).toEqual(viaUtf8(bytes));
      }),
      { numRuns: 3000 },
    );
  });

  it.each([
    ['a backslash before a character', Buffer.from('{"a":"\\é"}'), 'not JSON'],
    ['an escaped backslash before a character', Buffer.from('{"a":"\\\\é"}'), { value: { a: '\\é' } }],
    ['a truncated character before ASCII', Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xe2, 0x80, 0x41, 0x22, 0x7d]), { value: { a: '\ufffdA' } }],
    ['a character outside a string', Buffer.from('{"a":1é}'), 'not JSON'],
  ])('decodes %s as UTF-8 decoding would', (_name, bytes, expected) => {
    expect(viaUtf8(bytes)).toEqual(expected);
    expect(viaPage(bytes)).toEqual(expected);
  });

  it.each([
    ['not JSON', '<html>login</html>', 'the response is not JSON'],
    ['no data list', '{"status":"Success"}', 'the answer has no data list'],
    ['an error answer', '{"status":"Error","message":"Bad TQL"}', 'ThreatConnect answered an error: Bad TQL'],
  ])('says why a page is unusable: %s', (_name, text, reason) => {
    expect(pageProcessor(settings).read(Buffer.from(text))).toEqual({ ok: false, reason });
  });

  it('converts each value once across pages: a later copy is a duplicate', () => {
    const processor = pageProcessor(settings);
    const lines: string[] = [];
    const first = processor.convert([host(1, 'a.example'), host(2, 'A.EXAMPLE.')], false, (l) => lines.push(l));
    const second = processor.convert([host(3, 'a.example'), host(4, 'b.example')], false, (l) => lines.push(l));
    expect([first.duplicates, first.objects, second.duplicates, second.objects]).toEqual([1, 1, 1, 1]);
    expect(lines).toHaveLength(2);
  });
});
