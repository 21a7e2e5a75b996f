/**
 * Escapes a value for a STIX pattern string literal, whose only escapes are `\\` and `\'`: backslashes first, so
 * the backslashes added for quotes are not doubled again.
 */
export function escapePatternString(value: string): string {
  if (value.indexOf('\\') < 0 && value.indexOf("'") < 0) return value;
  return value.replace(/\\/g, '\\\\').replace(/'/g, "\\'");
}

/** `[<path> = '<value>']` for one string comparison. */
export function stringComparison(path: string, value: string): string {
  return `[${path} = '${escapePatternString(value)}']`;
}
