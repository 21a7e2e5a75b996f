/**
 * An exact set of strings in flat memory: the keys' UTF-8 bytes end to end in 1 MiB blocks, with an open-addressing
 * table of entry numbers over them. A million keys of ~30 bytes take ~45 MB, outside the JavaScript heap, where a
 * `Set<string>` takes twice that in a million objects the garbage collector must walk on every major collection.
 * Lookups compare the bytes, so two keys with the same hash are still two keys.
 * @example const seen = new KeySet(); seen.add('Address|1.2.3.4'); // true; again: false
 */
export class KeySet {
  /** Keys' bytes, in blocks that are never copied or grown (a key longer than a block gets a block of its own). */
  #block = Buffer.allocUnsafe(BLOCK_BYTES);
  readonly #blocks: Buffer[] = [this.#block];
  #used = 0;
  /** Entry i's bytes: block #blockOf[i], from #offsetOf[i], #lengthOf[i] bytes. */
  #blockOf = new Uint32Array(1 << 14);
  #offsetOf = new Uint32Array(1 << 14);
  #lengthOf = new Uint32Array(1 << 14);
  #hashes = new Int32Array(1 << 14);
  /** Slots hold entry number + 1; 0 is empty. */
  #table = new Int32Array(1 << 15);
  #size = 0;
  #scratch = Buffer.allocUnsafe(4096);

  get size(): number {
    return this.#size;
  }

  has(key: string): boolean {
    const n = this.#encode(key);
    return this.#find(n, hashOf(this.#scratch, n)) >= 0;
  }

  /** Adds the key; true if it was not there before. */
  add(key: string): boolean {
    const n = this.#encode(key);
    const hash = hashOf(this.#scratch, n);
    const slot = this.#find(n, hash);
    if (slot >= 0) return false;
    this.#append(n, hash);
    this.#table[~slot] = this.#size;
    if (this.#size * 2 > this.#table.length) this.#rehash();
    return true;
  }

  /** The key's UTF-8 bytes into the scratch buffer; returns their length. */
  #encode(key: string): number {
    if (key.length * 3 > this.#scratch.length) this.#scratch = Buffer.allocUnsafe(Math.max(key.length * 3, this.#scratch.length * 2));
    return this.#scratch.write(key, 0, 'utf8');
  }

  /** The slot holding the scratch key (>= 0), or ~slot of the empty slot where it would go. */
  #find(n: number, hash: number): number {
    const table = this.#table;
    const mask = table.length - 1;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const entry = table[slot]! - 1;
      if (entry < 0) return ~slot;
      if (this.#hashes[entry] !== hash || this.#lengthOf[entry] !== n) continue;
      const offset = this.#offsetOf[entry]!;
      if (this.#scratch.compare(this.#blocks[this.#blockOf[entry]!]!, offset, offset + n, 0, n) === 0) return slot;
    }
  }

  #append(n: number, hash: number): void {
    if (this.#used + n > this.#block.length) {
      this.#block = Buffer.allocUnsafe(Math.max(BLOCK_BYTES, n));
      this.#blocks.push(this.#block);
      this.#used = 0;
    }
    if (this.#size === this.#hashes.length) {
      const capacity = this.#hashes.length * 2;
      this.#blockOf = grow(this.#blockOf, new Uint32Array(capacity));
      this.#offsetOf = grow(this.#offsetOf, new Uint32Array(capacity));
      this.#lengthOf = grow(this.#lengthOf, new Uint32Array(capacity));
      this.#hashes = grow(this.#hashes, new Int32Array(capacity));
    }
    this.#scratch.copy(this.#block, this.#used, 0, n);
    const entry = this.#size;
    this.#blockOf[entry] = this.#blocks.length - 1;
    this.#offsetOf[entry] = this.#used;
    this.#lengthOf[entry] = n;
    this.#hashes[entry] = hash;
    this.#used += n;
    this.#size += 1;
  }

  #rehash(): void {
    const table = new Int32Array(this.#table.length * 2);
    const mask = table.length - 1;
    for (let entry = 0; entry < this.#size; entry += 1) {
      let slot = this.#hashes[entry]! & mask;
      while (table[slot] !== 0) slot = (slot + 1) & mask;
      table[slot] = entry + 1;
    }
    this.#table = table;
  }
}

const BLOCK_BYTES = 1 << 20;

/** The hash a key is filed under (exposed so tests can build keys that collide). */
export function keyHash(key: string): number {
  const bytes = Buffer.from(key, 'utf8');
  return hashOf(bytes, bytes.length);
}

function grow<T extends Uint32Array | Int32Array>(from: T, to: T): T {
  to.set(from);
  return to;
}

/** FNV-1a over the bytes, then a final mix (murmur3's) so that the low bits used for the slot are well spread. */
function hashOf(bytes: Buffer, n: number): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < n; i += 1) h = Math.imul(h ^ bytes[i]!, 0x01000193);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}
