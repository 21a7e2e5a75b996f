import { pageProcessor } from '../../../app/export/convert/page-processor';

const settings = { sourceSystem: 'ThreatConnect-Test', ttlHours: { Address: 24, CIDR: 24, Host: 24, File: 24, URL: 24, ASN: 24, EmailAddress: 24, 'Email Subject': 24, 'Registry Key': 24 }, now: '2026-02-01T00:00:00.000Z' };
const host = (id: number, hostName: string, description?: string) => ({ id, type: 'Host', ownerName: 'Org', hostName, summary: hostName, dateAdded: '2026-01-01T00:00:00Z', lastModified: '2026-01-01T00:00:00Z', ...(description ? { description } : {}) });

describe('reading a page', () => {
  it.each([
    ['ASCII only', { data: [host(1, 'a.example', 'plain')], next: 'https://tc/api/v3/indicators?resultStart=1' }],
    ['UTF-8 text', { data: [host(2, 'b.example', 'café – 漢字 😀')] }],
  ])('%s: the same indicators as JSON.parse of the text, with the next link and size', (_name, page) => {
    const text = JSON.stringify(page);
    const read = pageProcessor(settings).read(Buffer.from(text));
    expect(read).toEqual({ ok: true, data: page.data, links: { size: 1, ...('next' in page ? { next: page.next } : {}) } });
  });

  it('keeps \\u escapes in an ASCII page as the characters they stand for', () => {
    const text = '{"data":[{"id":3,"type":"Host","hostName":"c.example","description":"caf\\u00e9 \\ud83d\\ude00"}]}';
    const read = pageProcessor(settings).read(Buffer.from(text));
    expect(read.ok && read.data[0]).toMatchObject({ description: 'café 😀' });
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
