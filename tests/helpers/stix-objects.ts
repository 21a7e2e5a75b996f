import { v5 as uuidv5 } from 'uuid';

const NS = '6ba7b811-9dad-11d1-80b4-00c04fd430c8';

/** A schema-valid STIX 2.1 indicator for 10.x.y.z, its id derived from `i` (so the same i is the same object). */
export function stixIndicator(i: number, modified = '2026-01-01T00:00:00.000Z'): Record<string, unknown> {
  const ip = `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;
  return {
    type: 'indicator',
    spec_version: '2.1',
    id: `indicator--${uuidv5(`ip-${i}`, NS)}`,
    created: '2026-01-01T00:00:00.000Z',
    modified,
    name: ip,
    pattern: `[ipv4-addr:value = '${ip}']`,
    pattern_type: 'stix',
    valid_from: '2026-01-01T00:00:00.000Z',
  };
}

/** `n` indicators as JSON texts, as the engine hands them to the uploader. */
export function stixTexts(n: number, offset = 0): string[] {
  return Array.from({ length: n }, (_, i) => JSON.stringify(stixIndicator(offset + i)));
}
