import type { TcIndicatorType } from '../../../sdk';
import type { ObservableReader } from '../observable';
import { readAddress } from './address';
import { readAsn } from './asn';
import { readCidr } from './cidr';
import { readEmailAddress } from './email-address';
import { readEmailSubject } from './email-subject';
import { readFile } from './file';
import { readHost } from './host';
import { readRegistryKey } from './registry-key';
import { readUrl } from './url';

/** The reader of each exported ThreatConnect indicator type. */
export const READERS: ReadonlyMap<string, ObservableReader> = new Map<TcIndicatorType, ObservableReader>([
  ['Address', readAddress],
  ['CIDR', readCidr],
  ['Host', readHost],
  ['File', readFile],
  ['URL', readUrl],
  ['ASN', readAsn],
  ['EmailAddress', readEmailAddress],
  ['Email Subject', readEmailSubject],
  ['Registry Key', readRegistryKey],
]);
