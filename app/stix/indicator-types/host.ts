import { normalizeHostname } from '../normalize/hostname';
import { fail, quote, single, type ObservableReader } from '../observable';
import { readValueField } from '../read-field';
import { valueObservable } from './value-observable';

/** Host → `domain-name`, lowercase, punycode for internationalized names. */
export const readHost: ObservableReader = (indicator) => {
  const read = readValueField(indicator, 'hostName', 'Host');
  if (typeof read !== 'string') return read;
  const host = normalizeHostname(read);
  if (!host.ok) {
    const code = read.trim() === '' ? 'missing-value' : 'invalid-value';
    return fail(code, `Host name ${quote(read.trim())} ${host.reason}`, 'hostName');
  }
  return single(valueObservable('domain-name', 'value', host.value));
};
