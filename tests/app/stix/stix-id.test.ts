import { v5 as uuidV5 } from 'uuid';
import { STIX_ID_NAMESPACE, stixIdFor } from '../../../app/stix';
import { uuidV5 as fastUuidV5 } from '../../../app/stix/stix-id';

describe('stixIdFor', () => {
  it.each([
    ['ThreatConnect-Prod', 'ipv4-addr:1.2.3.4'],
    ['ThreatConnect-Prod', 'email-message:Ünïcödé 💸 subject'],
    ['', ''],
    ['ThreatConnect-X', `url:https://example.com/${'a'.repeat(5000)}`],
    ['ThreatConnect-X', `email-message:${'語'.repeat(1400)}`],
  ])('is UUIDv5 in the fixed namespace (%s, %s)', (source, key) => {
    const expected = `indicator--${uuidV5(`${source.length}:${source}${key}`, STIX_ID_NAMESPACE)}`;
    expect(stixIdFor(source, key)).toBe(expected);
    expect(stixIdFor(source, key)).toMatch(/^indicator--[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('does not let source and key run into each other', () => {
    expect(stixIdFor('ThreatConnect-A', 'ipv4-addr:1.2.3.4')).not.toBe(stixIdFor('ThreatConnect-', 'Aipv4-addr:1.2.3.4'));
  });

  it('matches the uuid package over many names', () => {
    for (let i = 0; i < 2000; i++) {
      const name = `${i}:${String.fromCharCode(32 + (i % 3000))}${i * 7919}`;
      expect(fastUuidV5(name)).toBe(uuidV5(name, STIX_ID_NAMESPACE));
    }
  });
});
