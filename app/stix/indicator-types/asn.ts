import { MAX_ASN, parseAsn } from '../normalize/asn';
import { fail, quote, single, type ObservableReader } from '../observable';
import { readValueField } from '../read-field';

/** ASN → `[autonomous-system:number = <n>]` with the number unquoted; the name keeps the text as entered. */
export const readAsn: ObservableReader = (indicator) => {
  const read = readValueField(indicator, 'AS Number', 'ASN');
  if (typeof read !== 'string') return read;
  const text = read.trim();
  if (text === '') return fail('missing-value', 'ASN indicator has an empty "AS Number" value', 'AS Number');
  const number = parseAsn(text);
  if (number === undefined) {
    return fail('invalid-value', `AS number ${quote(text)} is not a number such as ASN204288, AS204288 or 204288`, 'AS Number');
  }
  if (number > MAX_ASN) return fail('invalid-value', `AS number ${quote(text)} is out of range (0 to ${MAX_ASN})`, 'AS Number');
  return single({ key: `autonomous-system:${number}`, pattern: `[autonomous-system:number = ${number}]`, display: text, literals: [number] });
};
