import { buildRevocation, convertIndicator } from '../../../app/stix';
import { expectValidStix, NOW, OPTIONS, seedIndicator } from './helpers';

describe('buildRevocation', () => {
  const result = convertIndicator(seedIndicator('url'), OPTIONS);
  if (!result.ok) throw new Error(result.error.message);
  const sent = result.objects[0];
  if (!sent) throw new Error('no object');
  const entry = { id: sent.id, pattern: sent.pattern, name: sent.name, created: sent.created, validFrom: sent.valid_from, lastModified: sent.modified };

  it('re-sends the same id and pattern revoked, newer, expired now', () => {
    const later = new Date(NOW.getTime() + 86_400_000);
    const object = buildRevocation(entry, later);
    expectValidStix(object);
    expect(object).toEqual({
      type: 'indicator',
      spec_version: '2.1',
      id: sent.id,
      created: sent.created,
      modified: later.toISOString(),
      name: sent.name,
      indicator_types: ['malicious-activity'],
      pattern: sent.pattern,
      pattern_type: 'stix',
      pattern_version: '2.1',
      valid_from: sent.valid_from,
      valid_until: later.toISOString(),
      revoked: true,
    });
  });

  it.each([
    ['the same instant as the last send', NOW, '2026-01-02T03:04:05.679Z', '2026-01-02T03:04:05.679Z'],
    ['a clock behind the last send', new Date(NOW.getTime() - 60_000), '2026-01-02T03:04:05.679Z', '2026-01-02T03:04:05.679Z'],
  ])('stays newer and valid with %s', (_name, now, modified, validUntil) => {
    const object = buildRevocation(entry, now);
    expectValidStix(object);
    expect(object.modified).toBe(modified);
    expect(object.valid_until).toBe(validUntil);
  });

  it('leaves out a missing name and normalizes stored timestamps', () => {
    const object = buildRevocation({ ...entry, name: undefined, created: '2023-09-13T14:51:34Z', validFrom: '2026-01-02T03:04:05Z' }, NOW);
    expectValidStix(object);
    expect(object).not.toHaveProperty('name');
    expect(object.created).toBe('2023-09-13T14:51:34.000Z');
  });
});
