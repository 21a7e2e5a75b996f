import crypto from 'node:crypto';

/**
 * The UUIDv5 namespace of this app's indicator ids. Never change it: ids must stay the same across versions, or
 * Sentinel would hold every indicator twice.
 */
export const STIX_ID_NAMESPACE = '4c41308e-ae63-4956-b3e1-d507a5fe6f89';

const NAMESPACE_BYTES = Buffer.from(STIX_ID_NAMESPACE.replace(/-/g, ''), 'hex');
const SCRATCH_SIZE = 8192;
const oneShotHash = (crypto as { hash?: (algorithm: string, data: Buffer, encoding: 'hex') => string }).hash;
const HEX_DIGITS = '0123456789abcdef';

/**
 * The bytes hashed for an id are the namespace, then `<length of source>:<source>`, then the key. A conversion
 * run has one source system, so its prefix stays written in this buffer and only the key is written per id.
 */
const scratch = Buffer.allocUnsafe(SCRATCH_SIZE);
NAMESPACE_BYTES.copy(scratch, 0);
let prefixSource: string | undefined;
let prefixEnd = 16;
/** Views of the scratch buffer by length, made once: a typed-array view per id was a measurable allocation. */
const views: Buffer[] = [];

function view(length: number): Buffer {
  let buffer = views[length];
  if (!buffer) {
    buffer = scratch.subarray(0, length);
    views[length] = buffer;
  }
  return buffer;
}

/** `<length>:<source>`, or nothing for a plain UUIDv5 name. */
function prefixOf(source: string | undefined): string {
  return source === undefined ? '' : `${source.length}:${source}`;
}

function hashHex(source: string | undefined, key: string): string {
  if (oneShotHash && (2 * (source?.length ?? 0) + key.length) * 3 <= SCRATCH_SIZE - 64) {
    // At most 3 UTF-8 bytes per UTF-16 unit, so this bound guarantees prefix and key fit the buffer.
    if (source !== prefixSource) {
      prefixEnd = 16 + scratch.write(prefixOf(source), 16, 'utf8');
      prefixSource = source;
    }
    const end = prefixEnd + scratch.write(key, prefixEnd, 'utf8');
    return oneShotHash('sha1', view(end), 'hex');
  }
  return crypto.createHash('sha1').update(NAMESPACE_BYTES).update(prefixOf(source), 'utf8').update(key, 'utf8').digest('hex');
}

function formatUuidV5(h: string): string {
  const variant = HEX_DIGITS[(parseInt(h[16] as string, 16) & 0x3) | 0x8] as string;
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** RFC 4122 UUIDv5 of `name` in the app's namespace (the same result as `uuid`'s `v5`). */
export function uuidV5(name: string): string {
  return formatUuidV5(hashHex(undefined, name));
}

/**
 * The deterministic id of the STIX indicator for one dedupe key within one source system: UUIDv5 of
 * `<length of source>:<source><key>`; the length prefix keeps (source, key) pairs from colliding.
 * @example stixIdFor('ThreatConnect-Prod', 'ipv4-addr:1.2.3.4') // 'indicator--…' (always the same)
 */
export function stixIdFor(sourceSystem: string, key: string): string {
  return `indicator--${formatUuidV5(hashHex(sourceSystem, key))}`;
}
