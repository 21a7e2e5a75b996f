// eslint-disable-next-line no-control-regex -- control characters are exactly what this matches
const CONTROL = /[\u0000-\u001f\u007f]/;
const SURROGATE = /[\ud800-\udfff]/;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Free-text values (URLs, subjects, registry paths) longer than this are refused rather than sent. */
export const MAX_TEXT_LENGTH = 8192;

/** A half of a UTF-16 surrogate pair without its other half is not Unicode text and cannot travel as UTF-8. */
export function hasLoneSurrogate(value: string): boolean {
  return SURROGATE.test(value) && LONE_SURROGATE.test(value);
}

export function hasControlCharacter(value: string): boolean {
  return CONTROL.test(value);
}

/**
 * Why a free-text value cannot be carried, or undefined when it can. Pattern string literals carry any character,
 * but NUL and broken surrogates are refused because consumers downstream truncate or reject them.
 */
export function textProblem(value: string, allowControl: boolean): string | undefined {
  if (value.length > MAX_TEXT_LENGTH) return `is longer than ${MAX_TEXT_LENGTH} characters`;
  if (allowControl ? value.indexOf('\u0000') >= 0 : hasControlCharacter(value)) return 'contains control characters';
  if (hasLoneSurrogate(value)) return 'contains an incomplete UTF-16 surrogate pair';
  return undefined;
}
