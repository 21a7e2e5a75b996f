import { parseCidr } from '../normalize/cidr';
import { fail, quote, single, type ObservableReader } from '../observable';
import { readValueField } from '../read-field';
import { valueObservable } from './value-observable';

/** CIDR → `ipv4-addr` / `ipv6-addr` with the block as value, network address canonicalised. */
export const readCidr: ObservableReader = (indicator) => {
  const read = readValueField(indicator, 'Block', 'CIDR');
  if (typeof read !== 'string') return read;
  const text = read.trim();
  if (text === '') return fail('missing-value', 'CIDR indicator has an empty "Block" value', 'Block');
  const block = parseCidr(text);
  if ('error' in block) return fail('invalid-value', `CIDR block ${quote(text)} ${block.error}`, 'Block');
  return single(valueObservable(block.version === 4 ? 'ipv4-addr' : 'ipv6-addr', 'value', block.text));
};
