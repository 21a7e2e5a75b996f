import type { TcIndicator } from '../../sdk';
import { READERS } from './indicator-types';
import { fail, quote, type ReadResult } from './observable';
import { describeType } from './read-field';

/** Checks the indicator's shape and type, then reads its observables with the reader of that type. */
export function readObservables(indicator: unknown): ReadResult {
  if (typeof indicator !== 'object' || indicator === null || Array.isArray(indicator)) {
    return fail('invalid-indicator', `Indicator is not an object (got ${describeType(indicator)})`);
  }
  const type = (indicator as { type?: unknown }).type;
  if (typeof type !== 'string') return fail('invalid-indicator', 'Indicator has no type', 'type');
  const reader = READERS.get(type);
  if (!reader) {
    return fail('unsupported-type', `Indicator type ${quote(type)} cannot be sent to Sentinel (supported: ${[...READERS.keys()].join(', ')})`, 'type');
  }
  return reader(indicator as TcIndicator);
}
