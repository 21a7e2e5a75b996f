import { formatIpv4, formatIpv6, parseIpv4, parseIpv6 } from './ip';

export interface CidrBlock {
  version: 4 | 6;
  /** `<network address>/<prefix>`, host bits cleared, address in its canonical form. */
  text: string;
}

const PREFIX = /^(0|[1-9]\d{0,2})$/;

/** Clears the bits of `words` (each `bits` wide) beyond the first `prefix` bits. */
function maskWords(words: number[], bits: number, prefix: number): number[] {
  return words.map((word, i) => {
    const keep = Math.min(bits, Math.max(0, prefix - i * bits));
    return keep === 0 ? 0 : word & (((1 << bits) - 1) ^ ((1 << (bits - keep)) - 1));
  });
}

/**
 * Parses an IPv4 or IPv6 CIDR block. The network address is canonicalised (`123.45.67.89/24` → `123.45.67.0/24`),
 * since the block a pattern matches is the same and the canonical text is what Sentinel shows and deduplicates on.
 */
export function parseCidr(text: string): CidrBlock | { error: string } {
  const slash = text.indexOf('/');
  if (slash < 0 || slash !== text.lastIndexOf('/')) return { error: 'is not an address and prefix length (address/prefix)' };
  const address = text.slice(0, slash);
  const prefixText = text.slice(slash + 1);
  if (address.includes('%')) return { error: 'has an IPv6 zone id, which a CIDR block cannot carry' };
  if (!PREFIX.test(prefixText)) return { error: 'has no valid prefix length' };
  const prefix = Number(prefixText);
  const v4 = parseIpv4(address);
  if (v4) {
    if (prefix > 32) return { error: 'has an IPv4 prefix length over 32' };
    return { version: 4, text: `${formatIpv4(maskWords(v4, 8, prefix))}/${prefix}` };
  }
  const v6 = parseIpv6(address);
  if (v6) {
    if (prefix > 128) return { error: 'has an IPv6 prefix length over 128' };
    return { version: 6, text: `${formatIpv6(maskWords(v6, 16, prefix))}/${prefix}` };
  }
  return { error: 'does not start with a valid IPv4 or IPv6 address' };
}
