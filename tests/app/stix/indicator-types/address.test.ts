import { convertInvalid, convertOne, indicatorOf, literalValue, expectValidStix } from '../helpers';

describe('Address', () => {
  it.each([
    ['123.45.67.89', 'ipv4-addr', '123.45.67.89'],
    [' 0.0.0.0 ', 'ipv4-addr', '0.0.0.0'],
    ['255.255.255.255', 'ipv4-addr', '255.255.255.255'],
    ['2a03:b0c0:3:e0:0:0:341:6001', 'ipv6-addr', '2a03:b0c0:3:e0::341:6001'],
    ['2A03:B0C0:0003:00E0:0000:0000:0341:6001', 'ipv6-addr', '2a03:b0c0:3:e0::341:6001'],
    ['2001:db8:0:0:1:0:0:1', 'ipv6-addr', '2001:db8::1:0:0:1'],
    ['2001:0:0:1:0:0:0:1', 'ipv6-addr', '2001:0:0:1::1'],
    ['2001:db8:0:1:1:1:1:1', 'ipv6-addr', '2001:db8:0:1:1:1:1:1'],
    ['::', 'ipv6-addr', '::'],
    ['::1', 'ipv6-addr', '::1'],
    ['fe80::', 'ipv6-addr', 'fe80::'],
    ['::ffff:192.0.2.1', 'ipv6-addr', '::ffff:192.0.2.1'],
    ['::FFFF:c000:0201', 'ipv6-addr', '::ffff:192.0.2.1'],
    ['64:ff9b::192.0.2.33', 'ipv6-addr', '64:ff9b::c000:221'],
  ])('%p → [%s:value = %p]', (ip, type, value) => {
    const object = convertOne(indicatorOf('Address', { ip }));
    expect(object.pattern).toBe(`[${type}:value = '${value}']`);
    expect(object.name).toBe(`${value} | ABC-Owner`);
    expect(expectValidStix(object).map((c) => literalValue(c.value))).toEqual([value]);
  });

  it.each([
    ['999.1.1.1', 'is not a valid IPv4 or IPv6 address'],
    ['1.2.3', 'is not a valid IPv4 or IPv6 address'],
    ['1.2.3.4.5', 'is not a valid IPv4 or IPv6 address'],
    ['010.1.1.1', 'is not a valid IPv4 or IPv6 address'],
    ['1.2.3.4/32', 'is not a valid IPv4 or IPv6 address'],
    ['1:2:3:4:5:6:7:8:9', 'is not a valid IPv4 or IPv6 address'],
    ['1::2::3', 'is not a valid IPv4 or IPv6 address'],
    [':::1', 'is not a valid IPv4 or IPv6 address'],
    ['12345::1', 'is not a valid IPv4 or IPv6 address'],
    ['1.2.3.4::', 'is not a valid IPv4 or IPv6 address'],
    ['::ffff:1.2.3.256', 'is not a valid IPv4 or IPv6 address'],
    ['fe80::1%eth0', 'has an IPv6 zone id'],
    ["1.2.3.4' OR '1'='1", 'is not a valid IPv4 or IPv6 address'],
    ['', 'has an empty "ip" value'],
  ])('rejects %p', (ip, message) => {
    const error = convertInvalid(indicatorOf('Address', { ip }));
    expect(error.message).toContain(message);
    expect(error.field).toBe('ip');
  });

  it('rejects an ip that is not text', () => {
    expect(convertInvalid(indicatorOf('Address', { ip: 16909060 })).message).toBe('Field "ip" must be text, not a number');
  });
});
