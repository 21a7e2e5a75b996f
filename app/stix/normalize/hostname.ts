import { domainToASCII } from 'node:url';

const ASCII_HOST = /^[A-Za-z0-9._-]+$/;
const LABEL = /^[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?$/;
/** Every label at once (linear: labels are delimited by dots, which no label contains). */
const HOST = /^(?:[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?\.)*[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?$/;
const NUMERIC_LAST_LABEL = /(?:^|\.)\d+$/;
const MAX_HOST = 253;
/** Longer input cannot become a valid host even after IDN mapping; refusing it early keeps hostile input cheap. */
const MAX_INPUT = 1024;

type HostResult = { ok: true; value: string } | { ok: false; reason: string };

/** Which rule a host name that failed the single-pattern check breaks, for the error message. */
function labelProblem(host: string): string {
  for (const label of host.split('.')) {
    if (!LABEL.test(label)) return label === '' ? 'has an empty label' : `has an invalid label "${label.slice(0, 70)}"`;
  }
  return 'is not a valid host name';
}

/**
 * Normalizes a host name: trimmed, lowercase, one trailing dot removed, internationalized names converted to
 * punycode (UTS #46, as browsers do). Labels are 1–63 letters, digits, hyphens or underscores (seen in real
 * malicious names) and do not start or end with a hyphen; the name is at most 253 characters; a numeric last label
 * means an IP address, not a domain name.
 */
export function normalizeHostname(raw: string): HostResult {
  let host = raw.trim();
  if (host.endsWith('.')) host = host.slice(0, -1);
  if (host === '') return { ok: false, reason: 'is empty' };
  if (host.length > MAX_INPUT) return { ok: false, reason: `is longer than ${MAX_HOST} characters` };
  if (ASCII_HOST.test(host)) {
    host = host.toLowerCase();
  } else {
    const ascii = domainToASCII(host);
    if (ascii === '') return { ok: false, reason: 'is not a valid host name (characters a host name cannot have)' };
    host = ascii;
  }
  if (host.length > MAX_HOST) return { ok: false, reason: `is longer than ${MAX_HOST} characters` };
  if (!HOST.test(host)) return { ok: false, reason: labelProblem(host) };
  if (NUMERIC_LAST_LABEL.test(host)) return { ok: false, reason: 'is an IP address or ends in a numeric label, not a domain name' };
  return { ok: true, value: host };
}
