import { createStixValidator } from '../../../app/stix/validate-stix';

const validator = createStixValidator();
const base = {
  type: 'indicator',
  spec_version: '2.1',
  id: 'indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f',
  created: '2026-01-02T03:04:05.000Z',
  modified: '2026-01-02T03:04:05.000Z',
  pattern: "[ipv4-addr:value = '1.2.3.4']",
  pattern_type: 'stix',
  valid_from: '2026-01-02T03:04:05.000Z',
};

describe('createStixValidator', () => {
  it('accepts a minimal valid indicator', () => {
    expect(validator.validate(base)).toEqual([]);
  });

  it.each([
    ['missing pattern', { ...base, pattern: undefined }],
    ['UUIDv7 id', { ...base, id: 'indicator--018f8e2e-2d2b-7cbf-938f-98ee46b3cd3f' }],
    ['timestamp without Z', { ...base, created: '2026-01-02T03:04:05.000' }],
    ['empty labels', { ...base, labels: [] }],
    ['confidence over 100', { ...base, confidence: 101 }],
    ['unknown type', { ...base, type: 'malware-x' }],
  ])('rejects %s', (_name, object) => {
    expect(validator.validate(object).length).toBeGreaterThan(0);
  });
});
