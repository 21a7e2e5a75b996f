/**
 * An exact set of strings in flat memory: the keys' UTF-8 bytes end to end in one buffer, with an open-addressing
 * table of entry numbers over them. A million keys of ~30 bytes take ~45 MB, outside the JavaScript heap, where a
 * `Set<string>` takes twice that in a million objects the garbage collector must walk on every major collection.
 * Lookups compare the bytes, so two keys with the same hash are still two keys.
 * @example const seen = new KeySet(); seen.add('Address|1.2.3.4'); // true; again: false
 */
export class KeySet {
  #bytes = Buffer.allocUnsafe(1 << 20);
  #used = 0;
  /** Entry i's bytes run from #starts[i] to #starts[i + 1]. */
  #starts = new Uint32Array(1 << 14);
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
      if (this.#hashes[entry] !== hash) continue;
      const start = this.#starts[entry]!;
      const end = entry + 1 < this.#size ? this.#starts[entry + 1]! : this.#used;
      if (end - start === n && this.#scratch.compare(this.#bytes, start, end, 0, n) === 0) return slot;
    }
  }

  #append(n: number, hash: number): void {
    if (this.#used + n > this.#bytes.length) {
      const grown = Buffer.allocUnsafe(Math.max(this.#bytes.length * 2, this.#used + n));
      this.#bytes.copy(grown, 0, 0, this.#used);
      this.#bytes = grown;
    }
    if (this.#size === this.#starts.length) {
      this.#starts = grow(this.#starts, new Uint32Array(this.#starts.length * 2));
      this.#hashes = grow(this.#hashes, new Int32Array(this.#hashes.length * 2));
    }
    this.#scratch.copy(this.#bytes, this.#used, 0, n);
    this.#starts[this.#size] = this.#used;
    this.#hashes[this.#size] = hash;
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
