import { textProblem } from '../normalize/text';
import { fail, quote, single, type ObservableReader } from '../observable';
import { readValueField } from '../read-field';
import { valueObservable } from './value-observable';

/**
 * Email Subject → `email-message:subject`. Quotes, backslashes, line breaks and any Unicode are carried (escaped
 * for the pattern); only NUL and broken surrogate pairs are refused.
 */
export const readEmailSubject: ObservableReader = (indicator) => {
  const read = readValueField(indicator, 'Subject', 'Email Subject');
  if (typeof read !== 'string') return read;
  const text = read.trim();
  if (text === '') return fail('missing-value', 'Email Subject indicator has an empty "Subject" value', 'Subject');
  const problem = textProblem(text, true);
  if (problem) return fail('invalid-value', `Email subject ${quote(text)} ${problem}`, 'Subject');
  return single(valueObservable('email-message', 'subject', text));
};
