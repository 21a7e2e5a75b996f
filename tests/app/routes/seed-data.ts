import type { TcIndicator, TcOwner } from '../../../sdk/threatconnect/types';

/** Owners the double's API user sees. */
export const SEED_OWNERS: TcOwner[] = [
  { id: 1, name: 'ABC-Owner', type: 'Organization' },
  { id: 2, name: 'Common Community', type: 'Community' },
  { id: 3, name: 'Phish Source', type: 'Source' },
];

function indicator(id: number, ownerName: string, type: string, fields: Partial<TcIndicator>): TcIndicator {
  return {
    id,
    ownerName,
    type,
    summary: String(fields.ip ?? fields.hostName ?? fields.text ?? fields.address ?? fields.md5 ?? id),
    dateAdded: '2025-01-02T03:04:05Z',
    lastModified: '2025-02-03T04:05:06Z',
    rating: 3,
    confidence: 70,
    ...fields,
  };
}

/**
 * A small, fixed set of indicators across owners and types. `999.1.1.1` is deliberately not an IP address: it
 * cannot be converted, so every job over ABC-Owner's Addresses records one conversion error.
 */
export const SEED_INDICATORS: TcIndicator[] = [
  indicator(101, 'ABC-Owner', 'Address', { ip: '198.51.100.7' }),
  indicator(102, 'ABC-Owner', 'Address', { ip: '999.1.1.1' }),
  indicator(103, 'ABC-Owner', 'Host', { hostName: 'bad.example.com' }),
  indicator(104, 'ABC-Owner', 'URL', { text: 'https://bad.example.com/login' }),
  indicator(105, 'Common Community', 'Address', { ip: '203.0.113.9' }),
  indicator(106, 'Common Community', 'Host', { hostName: 'bad.example.com' }),
  indicator(107, 'Common Community', 'File', { md5: 'd41d8cd98f00b204e9800998ecf8427e' }),
  indicator(108, 'Phish Source', 'EmailAddress', { address: 'phish@example.net' }),
  indicator(109, 'Phish Source', 'URL', { text: 'http://phish.example.net/a' }),
  indicator(110, 'Phish Source', 'Host', { hostName: 'phish.example.net' }),
];
