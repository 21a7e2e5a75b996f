import { textProblem } from '../normalize/text';
import { fail, quote, single, type ObservableReader } from '../observable';
import { readValueField } from '../read-field';
import { valueObservable } from './value-observable';

const SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*:/;

/**
 * URL → `url`. The URL is kept as the analyst entered it (trimmed): it must parse and have a scheme, but is not
 * rewritten, since detections compare it with what logs recorded.
 */
export const readUrl: ObservableReader = (indicator) => {
  const read = readValueField(indicator, 'text', 'URL');
  if (typeof read !== 'string') return read;
  const text = read.trim();
  if (text === '') return fail('missing-value', 'URL indicator has an empty "text" value', 'text');
  const problem = textProblem(text, false);
  if (problem) return fail('invalid-value', `URL ${quote(text)} ${problem}`, 'text');
  if (!SCHEME.test(text)) return fail('invalid-value', `URL ${quote(text)} has no scheme (such as https:)`, 'text');
  try {
    new URL(text);
  } catch {
    return fail('invalid-value', `URL ${quote(text)} is not a valid URL`, 'text');
  }
  return single(valueObservable('url', 'value', text));
};
