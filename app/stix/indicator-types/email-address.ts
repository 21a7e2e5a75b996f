import { normalizeEmail } from '../normalize/email';
import { fail, quote, single, type ObservableReader } from '../observable';
import { readValueField } from '../read-field';
import { valueObservable } from './value-observable';

/** EmailAddress → `email-addr`, lowercase, domain in punycode. */
export const readEmailAddress: ObservableReader = (indicator) => {
  const read = readValueField(indicator, 'address', 'EmailAddress');
  if (typeof read !== 'string') return read;
  const text = read.trim();
  if (text === '') return fail('missing-value', 'EmailAddress indicator has an empty "address" value', 'address');
  const email = normalizeEmail(text);
  if (!email.ok) return fail('invalid-value', `Email address ${quote(text)} ${email.reason}`, 'address');
  return single(valueObservable('email-addr', 'value', email.value));
};
