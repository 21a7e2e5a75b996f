import { hash } from 'node:crypto';

/** Bytes of digest kept per key. */
const DIGEST_BYTES = 16;
/** Digests per block of the store (1 MiB blocks, never copied or grown). */
const BLOCK_ENTRIES = 1 << 16;

/**
 * A set of strings kept as 16-byte digests, in flat memory outside the JavaScript heap: a million keys take
 * ~24 MB (16 bytes each, plus a table of entry numbers), where a `Set<string>` takes ~100 MB in a million objects
 * the garbage collector must walk. The digest is the first 128 bits of the key's SHA-256 (two different keys
 * would count as one about 1 in 10^27 times at a million keys, and no one can contrive it), or, for keys that are
 * UUIDs already, the UUID's own 16 bytes (`uuidDigest`: exact).
 * @example const seen = new KeySet(); seen.add('ipv4-addr:1.2.3.4'); // true; again: false
 */
export class KeySet {
  readonly #blocks: Buffer[] = [];
  /** Slots hold entry number + 1; 0 is empty. */
  #table = new Int32Array(1 << 15);
  #size = 0;

  constructor(private readonly digestOf: (key: string) => Buffer = sha256Digest) {}

  get size(): number {
    return this.#size;
  }

  has(key: string): boolean {
    return this.#find(this.digestOf(key)) >= 0;
  }

  /** Adds the key; true if it was not there before. */
  add(key: string): boolean {
    const digest = this.digestOf(key);
    const slot = this.#find(digest);
    if (slot >= 0) return false;
    const entry = this.#size;
    if ((entry & (BLOCK_ENTRIES - 1)) === 0) this.#blocks.push(Buffer.allocUnsafe(BLOCK_ENTRIES * DIGEST_BYTES));
    digest.copy(this.#blocks[entry >>> 16]!, (entry & (BLOCK_ENTRIES - 1)) * DIGEST_BYTES, 0, DIGEST_BYTES);
    this.#size += 1;
    this.#table[~slot] = this.#size;
    if (this.#size * 2 > this.#table.length) this.#rehash();
    return true;
  }

  /** The slot holding the digest (>= 0), or ~slot of the empty slot where it would go. */
  #find(digest: Buffer): number {
    const table = this.#table;
    const mask = table.length - 1;
    for (let slot = digest.readUInt32LE(0) & mask; ; slot = (slot + 1) & mask) {
      const entry = table[slot]! - 1;
      if (entry < 0) return ~slot;
      const offset = (entry & (BLOCK_ENTRIES - 1)) * DIGEST_BYTES;
      if (digest.compare(this.#blocks[entry >>> 16]!, offset, offset + DIGEST_BYTES, 0, DIGEST_BYTES) === 0) return slot;
    }
  }

  #rehash(): void {
    const table = new Int32Array(this.#table.length * 2);
    const mask = table.length - 1;
    for (let entry = 0; entry < this.#size; entry += 1) {
      const block = this.#blocks[entry >>> 16]!;
      let slot = block.readUInt32LE((entry & (BLOCK_ENTRIES - 1)) * DIGEST_BYTES) & mask;
      while (table[slot] !== 0) slot = (slot + 1) & mask;
      table[slot] = entry + 1;
    }
    this.#table = table;
  }
}

/** The key's SHA-256 (of its UTF-8 bytes), of which the set keeps and compares the first 16 bytes. */
export function sha256Digest(key: string): Buffer {
  return hash('sha256', key, 'buffer') as Buffer;
}

const uuidScratch = Buffer.alloc(16);
/** Value of each hex digit by character code; -1 for anything else. */
const HEX = new Int8Array(128).fill(-1);
for (let i = 0; i < 16; i += 1) HEX['0123456789abcdef'.charCodeAt(i)] = HEX['0123456789ABCDEF'.charCodeAt(i)] = i;
const hexValue = (code: number): number => (code < 128 ? HEX[code]! : -1);
/** Where each of the UUID's 32 hex digits sits in its text form. */
const DIGIT_AT = Array.from({ length: 36 }, (_, i) => i).filter((i) => ![8, 13, 18, 23].includes(i));

/**
 * The 16 bytes of a STIX id's UUID (`indicator--xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx`), in a buffer reused by the
 * next call (the set copies what it keeps); other keys get their SHA-256.
 */
export function uuidDigest(key: string): Buffer {
  const at = key.length - 36;
  if (at >= 0 && key.charCodeAt(at + 8) === 45 && key.charCodeAt(at + 13) === 45 && key.charCodeAt(at + 18) === 45 && key.charCodeAt(at + 23) === 45) {
    let valid = true;
    for (let b = 0; b < 16; b += 1) {
      const hi = hexValue(key.charCodeAt(at + DIGIT_AT[2 * b]!));
      const lo = hexValue(key.charCodeAt(at + DIGIT_AT[2 * b + 1]!));
      if (hi < 0 || lo < 0) valid = false;
      uuidScratch[b] = (hi << 4) | lo;
    }
    if (valid) return uuidScratch;
  }
  return sha256Digest(key);
}

/** Value of each base64url character by character code; -1 for anything else. */
const BASE64URL = new Int8Array(128).fill(-1);
'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'.split('').forEach((c, i) => (BASE64URL[c.charCodeAt(0)] = i));
const contentScratch = Buffer.alloc(16);

/**
 * The 16 bytes of `<STIX id> <content digest>` (the digest: 22 base64url characters, 128 bits of SHA-256): the id's
 * UUID XOR the digest, in a buffer reused by the next call, so a million keys allocate nothing (SHA-256 of each key
 * made a 32-byte buffer per key: ~120 MB of garbage at a million, freed only by a full collection). Two different
 * pairs share the value only if one digest is built to be the other's XOR of the ids: a 128-bit SHA-256 preimage.
 * Keys of another form get their SHA-256.
 */
export function idAndContentDigest(key: string): Buffer {
  const space = key.lastIndexOf(' ');
  if (space < 36 || key.length - space - 1 !== 22) return sha256Digest(key);
  const id = uuidDigest(key.slice(0, space));
  if (id !== uuidScratch) return sha256Digest(key);
  // Decode the digest's 22 characters (132 bits; the first 128 count) into contentScratch.
  let bits = 0;
  let value = 0;
  let out = 0;
  for (let i = space + 1; i < key.length && out < 16; i += 1) {
    const code = key.charCodeAt(i);
    const v = code < 128 ? BASE64URL[code]! : -1;
    if (v < 0) return sha256Digest(key);
    value = ((value << 6) | v) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      contentScratch[out++] = (value >>> bits) & 0xff;
    }
  }
  for (let b = 0; b < 16; b += 1) uuidScratch[b] = uuidScratch[b]! ^ contentScratch[b]!;
  return uuidScratch;
}
