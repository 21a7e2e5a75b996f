import { formatIpv6, isIpv4, parseIpv6 } from '../normalize/ip';
import { fail, quote, single, type ObservableReader } from '../observable';
import { readValueField } from '../read-field';
import { valueObservable } from './value-observable';

/** Address → `ipv4-addr` or `ipv6-addr`; IPv6 in its RFC 5952 form. */
export const readAddress: ObservableReader = (indicator) => {
  const read = readValueField(indicator, 'ip', 'Address');
  if (typeof read !== 'string') return read;
  const text = read.trim();
  if (text === '') return fail('missing-value', 'Address indicator has an empty "ip" value', 'ip');
  if (isIpv4(text)) return single(valueObservable('ipv4-addr', 'value', text));
  if (text.includes('%')) {
    return fail('invalid-value', `Address ${quote(text)} has an IPv6 zone id, which only means something on one host`, 'ip');
  }
  const v6 = parseIpv6(text);
  if (v6) return single(valueObservable('ipv6-addr', 'value', formatIpv6(v6)));
  return fail('invalid-value', `Address ${quote(text)} is not a valid IPv4 or IPv6 address`, 'ip');
};
