import { convertInvalid, convertOne, indicatorOf } from '../helpers';

describe('CIDR', () => {
  it.each([
    ['123.45.67.89/24', "[ipv4-addr:value = '123.45.67.0/24']"],
    ['10.0.0.0/8', "[ipv4-addr:value = '10.0.0.0/8']"],
    ['10.1.2.3/32', "[ipv4-addr:value = '10.1.2.3/32']"],
    ['10.1.2.3/0', "[ipv4-addr:value = '0.0.0.0/0']"],
    ['172.31.255.255/12', "[ipv4-addr:value = '172.16.0.0/12']"],
    ['192.168.1.129/25', "[ipv4-addr:value = '192.168.1.128/25']"],
    ['2001:DB8:0:0:8:800:200C:417A/64', "[ipv6-addr:value = '2001:db8::/64']"],
    ['2001:db8:abcd:12ff::/60', "[ipv6-addr:value = '2001:db8:abcd:12f0::/60']"],
    ['::1/128', "[ipv6-addr:value = '::1/128']"],
    ['::ffff:10.1.2.3/120', "[ipv6-addr:value = '::ffff:10.1.2.0/120']"],
  ])('%p → %s', (Block, pattern) => {
    const object = convertOne(indicatorOf('CIDR', { Block }));
    expect(object.pattern).toBe(pattern);
    expect(object.name).toBe(`${/'(.*)'/.exec(pattern)?.[1]} | ABC-Owner`);
  });

  it.each([
    ['10.0.0.0', 'is not an address and prefix length'],
    ['10.0.0.0/33', 'prefix length over 32'],
    ['::/129', 'prefix length over 128'],
    ['10.0.0.0/08', 'has no valid prefix length'],
    ['10.0.0.0/', 'has no valid prefix length'],
    ['10.0.0.0/8/8', 'is not an address and prefix length'],
    ['300.0.0.0/8', 'does not start with a valid IPv4 or IPv6 address'],
    ['fe80::%eth0/64', 'zone id'],
    ['example.com/24', 'does not start with a valid IPv4 or IPv6 address'],
  ])('rejects %p', (Block, message) => {
    const error = convertInvalid(indicatorOf('CIDR', { Block }));
    expect(error.message).toContain(message);
    expect(error.field).toBe('Block');
  });
});
