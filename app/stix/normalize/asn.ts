const ASN = /^(?:ASN?)? ?(\d+)(?:\.(\d+))?$/i;
export const MAX_ASN = 4294967295;

/**
 * Reads an AS number: `ASN204288`, `AS204288`, `204288` (leading zeros allowed: `ASN001` is 1), or asdot
 * `AS3.10` (3 × 65536 + 10). Undefined when unreadable; a number over 4294967295 when out of range.
 */
export function parseAsn(raw: string): number | undefined {
  const m = ASN.exec(raw.trim());
  if (!m) return undefined;
  const high = Number(m[1]);
  if (m[2] === undefined) return high;
  const low = Number(m[2]);
  if (high > 65535 || low > 65535) return MAX_ASN + 1;
  return high * 65536 + low;
}
