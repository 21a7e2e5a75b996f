import type { TcIndicator } from '../../sdk';
import { fail, type ReadFailure } from './observable';

/**
 * The raw value of an optional field: a string, undefined when absent, or a failure when it has another type.
 * (Plain values rather than result objects: this runs for every field of every indicator.)
 */
export function readOptionalText(indicator: TcIndicator, field: string): string | undefined | ReadFailure {
  const value = (indicator as unknown as Record<string, unknown>)[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return value;
  return fail('invalid-value', `Field "${field}" must be text, not ${describeType(value)}`, field);
}

/**
 * The value of a single-value type's field. ThreatConnect sets the summary to that same value, so it stands in
 * when the field itself is absent.
 */
export function readValueField(indicator: TcIndicator, field: string, label: string): string | ReadFailure {
  const read = readOptionalText(indicator, field);
  if (read !== undefined) return read;
  if (typeof indicator.summary === 'string') return indicator.summary;
  return fail('missing-value', `${label} indicator has no "${field}" value`, field);
}

export function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}
