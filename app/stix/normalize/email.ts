import { normalizeHostname } from './hostname';

/** RFC 5322 dot-atom with the RFC 6531 extension to non-ASCII letters; quoted local parts are not accepted. */
const LOCAL_PART = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~\p{L}\p{N}\p{M}-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~\p{L}\p{N}\p{M}-]+)*$/u;
const MAX_LOCAL = 64;
const MAX_ADDRESS = 254;

/**
 * Normalizes an email address to lowercase: mail systems treat addresses case-insensitively in practice and
 * ThreatConnect stores them so. The domain follows the host name rules (IDN → punycode).
 */
export function normalizeEmail(raw: string): { ok: true; value: string } | { ok: false; reason: string } {
  const text = raw.trim();
  if (text.length > MAX_ADDRESS * 4) return { ok: false, reason: `is longer than ${MAX_ADDRESS} characters` };
  const at = text.lastIndexOf('@');
  if (at <= 0 || at === text.length - 1) return { ok: false, reason: 'is not of the form local-part@domain' };
  const local = text.slice(0, at).toLowerCase();
  if (local.length > MAX_LOCAL) return { ok: false, reason: `has a local part longer than ${MAX_LOCAL} characters` };
  if (!LOCAL_PART.test(local)) return { ok: false, reason: 'has a local part with characters an address cannot have' };
  const domain = normalizeHostname(text.slice(at + 1));
  if (!domain.ok) return { ok: false, reason: `has a domain that ${domain.reason}` };
  const value = `${local}@${domain.value}`;
  if (value.length > MAX_ADDRESS) return { ok: false, reason: `is longer than ${MAX_ADDRESS} characters` };
  return { ok: true, value };
}
