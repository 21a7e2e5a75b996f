import type { TcIndicatorType } from '../../../threatconnect/types';
import type { ValueFields } from './indicator-values';

/** Broken values of the kinds real feeds deliver, for error-path tests: each cannot become a valid STIX pattern. */
const MALFORMED: readonly ((k: number) => { type: TcIndicatorType; values: ValueFields; problem: string })[] = [
  (k) => ({ type: 'Address', values: { ip: `999.${k % 250}.3.300` }, problem: 'bad IPv4 address' }),
  (k) => ({ type: 'File', values: { md5: `${'A'.repeat(30)}${(k % 16).toString(16).toUpperCase()}` }, problem: 'hash of the wrong length' }),
  (k) => ({ type: 'Registry Key', values: { 'Key Name': `HKEY_BOGUS\\Software\\Broken${k}` }, problem: 'unknown registry hive' }),
  (k) => ({ type: 'ASN', values: { 'AS Number': `ASN${4294967296 + k}` }, problem: 'AS number out of range' }),
  (k) => ({ type: 'CIDR', values: { Block: `45.${k % 250}.113.0/33` }, problem: 'CIDR prefix too long' }),
  (k) => ({ type: 'Address', values: { ip: `2001:db8::g${k}` }, problem: 'bad IPv6 address' }),
  (k) => ({ type: 'File', values: { sha256: `ZZ${'0'.repeat(62 - String(k).length)}${k}` }, problem: 'hash with non-hex characters' }),
];

export const MALFORMED_KIND_COUNT = MALFORMED.length;

/** The k-th malformed indicator's type and values. */
export function malformedValues(k: number): { type: TcIndicatorType; values: ValueFields; problem: string } {
  return MALFORMED[k % MALFORMED.length]!(k);
}
