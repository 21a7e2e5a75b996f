import { readIndicator } from '../../../app/stix';
import { indicatorFromSummary } from '../../../app/stix/indicator-from-summary';
import type { TcIndicator } from '../../../sdk/threatconnect/types';

// A deleted indicator is reported by type and summary only: rebuilt from them, it must become the STIX ids the
// live indicator became.
const MD5 = 'D41D8CD98F00B204E9800998ECF8427E';
const SHA1 = 'DA39A3EE5E6B4B0D3255BFEF95601890AFD80709';
const SHA256 = 'E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855';

it.each<[string, Partial<TcIndicator> & { type: string }, string]>([
  ['Address', { type: 'Address', ip: '10.0.0.1' }, '10.0.0.1'],
  ['Host (case and trailing dot normalized)', { type: 'Host', hostName: 'Example.COM.' }, 'Example.COM.'],
  ['File with three hashes', { type: 'File', md5: MD5, sha1: SHA1, sha256: SHA256 }, `${MD5} : ${SHA1} : ${SHA256}`],
  ['File with two', { type: 'File', md5: MD5, sha256: SHA256 }, `${MD5} : ${SHA256}`],
  [
    'Registry Key with all parts',
    { type: 'Registry Key', 'Key Name': 'HKLM\\Software\\Run', 'Value Name': 'Updater', 'Value Type': 'REG_SZ' },
    'HKLM\\Software\\Run : Updater : REG_SZ',
  ],
  ['Registry Key with a type only', { type: 'Registry Key', 'Key Name': 'HKLM\\Software\\Run', 'Value Type': 'REG_DWORD' }, 'HKLM\\Software\\Run : REG_DWORD'],
  [
    'Registry Key with a value name only',
    { type: 'Registry Key', 'Key Name': 'HKLM\\Software\\Run', 'Value Name': 'Updater' },
    'HKLM\\Software\\Run : Updater',
  ],
  ['URL', { type: 'URL', text: 'https://bad.example/x?y=1' }, 'https://bad.example/x?y=1'],
  ['ASN', { type: 'ASN', 'AS Number': 'ASN204288' }, 'ASN204288'],
  ['Email Subject', { type: 'Email Subject', Subject: 'Invoice : overdue' }, 'Invoice : overdue'],
])('%s: the same STIX ids as the live indicator', (_name, live, summary) => {
  const expected = readIndicator({ id: 1, summary, ...live } as TcIndicator, 'ThreatConnect-Test');
  const rebuilt = indicatorFromSummary(live.type, summary);
  expect(expected.ok).toBe(true);
  expect(readIndicator(rebuilt!, 'ThreatConnect-Test')).toEqual(expected);
});

it('knows no type the App does not export', () => {
  expect(indicatorFromSummary('Mutex', 'abc')).toBeUndefined();
});
