import { convertIndicator, dedupeKeys, stixIdFor } from '../../../app/stix';
import { indicatorOf, OPTIONS, seedIndicator, SOURCE } from './helpers';

describe('dedupeKeys', () => {
  it.each([
    [indicatorOf('Address', { ip: '2A03:B0C0:3:E0:0:0:341:6001' }), ['ipv6-addr:2a03:b0c0:3:e0::341:6001']],
    [indicatorOf('CIDR', { Block: '10.1.2.3/8' }), ['ipv4-addr:10.0.0.0/8']],
    [indicatorOf('Host', { hostName: 'Example.COM.' }), ['domain-name:example.com']],
    [indicatorOf('URL', { text: ' https://x.example/a ' }), ['url:https://x.example/a']],
    [indicatorOf('ASN', { 'AS Number': 'ASN001' }), ['autonomous-system:1']],
    [indicatorOf('EmailAddress', { address: 'A@B.com' }), ['email-addr:a@b.com']],
    [indicatorOf('Email Subject', { Subject: ' Hi ' }), ['email-message:Hi']],
    [indicatorOf('Registry Key', { 'Key Name': 'HKLM\\x', 'Value Type': 'REG_SZ' }), ['windows-registry-key:HKEY_LOCAL_MACHINE\\x\u0000\u0000REG_SZ']],
  ])('keys %p', (indicator, keys) => {
    expect(dedupeKeys(indicator)).toEqual({ ok: true, keys });
  });

  it('gives a File one key per hash, matching the ids of the converted objects', () => {
    const indicator = seedIndicator('file');
    const result = dedupeKeys(indicator);
    const converted = convertIndicator(indicator, OPTIONS);
    if (!result.ok || !converted.ok) throw new Error('expected both to succeed');
    expect(result.keys).toHaveLength(3);
    expect(result.keys.map((key) => stixIdFor(SOURCE, key))).toEqual(converted.objects.map((o) => o.id));
  });

  it.each([[indicatorOf('Host', { hostName: 'bad..host' })], [indicatorOf('Mutex', {})], [null as never]])(
    'reports what convertIndicator reports for %p',
    (indicator) => {
      const result = dedupeKeys(indicator);
      const converted = convertIndicator(indicator, OPTIONS);
      expect(result.ok).toBe(false);
      expect(!result.ok && !converted.ok && result.error.message === converted.error.message).toBe(true);
    },
  );
});
