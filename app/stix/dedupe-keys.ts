import { conversionError, unexpectedError } from './conversion-error';
import { readObservables } from './read-observables';
import type { DedupeKeysResult } from './types';
import type { TcIndicator } from '../../sdk';

/**
 * The normalized `<stix observable type>:<value>` keys of the STIX objects an indicator becomes (a File: one per
 * hash), without building them. Two indicators that share a key would become the same STIX object.
 * @example dedupeKeys({type: 'Host', hostName: 'Example.COM.', …}) // {ok: true, keys: ['domain-name:example.com']}
 */
export function dedupeKeys(indicator: TcIndicator): DedupeKeysResult {
  try {
    const read = readObservables(indicator);
    if (!read.ok) return { ok: false, error: conversionError(read, indicator) };
    return { ok: true, keys: read.observables.map((o) => o.key) };
  } catch (err) {
    return { ok: false, error: unexpectedError(err, indicator) };
  }
}
