import { convertInvalid, convertOne, indicatorOf } from '../helpers';

describe('Host', () => {
  it.each([
    ['reallybadsite.com', 'reallybadsite.com'],
    ['ReallyBadSite.COM.', 'reallybadsite.com'],
    ['  sub-domain.example.co.uk ', 'sub-domain.example.co.uk'],
    ['_dmarc.example.com', '_dmarc.example.com'],
    ['bücher.de', 'xn--bcher-kva.de'],
    ['ＥＸＡＭＰＬＥ.com', 'example.com'],
    ['例え.テスト', 'xn--r8jz45g.xn--zckzah'],
    ['localhost', 'localhost'],
    [`${'a'.repeat(63)}.com`, `${'a'.repeat(63)}.com`],
  ])('%p → %p', (hostName, value) => {
    const object = convertOne(indicatorOf('Host', { hostName }));
    expect(object.pattern).toBe(`[domain-name:value = '${value}']`);
    expect(object.name).toBe(`${value} | ABC-Owner`);
  });

  it.each([
    ['', 'is empty'],
    ['.', 'is empty'],
    ['a..b.com', 'has an empty label'],
    ['-bad.com', 'has an invalid label'],
    ['bad-.com', 'has an invalid label'],
    ['*.evil.com', 'has an invalid label'],
    ["evil.com'", 'has an invalid label'],
    ['evil com', 'characters a host name cannot have'],
    ['http://evil.com/', 'characters a host name cannot have'],
    ['1.2.3.4', 'is an IP address'],
    [`${'a'.repeat(64)}.com`, 'has an invalid label'],
    [`${'abcdefghi.'.repeat(26)}com`, 'is longer than 253 characters'],
    ['x'.repeat(5000), 'is longer than 253 characters'],
  ])('rejects %p', (hostName, message) => {
    const error = convertInvalid(indicatorOf('Host', { hostName }));
    expect(error.message).toContain(message);
    expect(error.field).toBe('hostName');
  });
});
