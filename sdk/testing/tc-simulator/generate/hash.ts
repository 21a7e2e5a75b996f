/** Murmur3's 32-bit finalizer: a bijection on 32-bit integers that scatters nearby inputs. */
function fmix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** A well-mixed unsigned 32-bit value of (seed, index, salt): each field of each indicator draws its own. */
export function hash3(seed: number, index: number, salt: number): number {
  return fmix((fmix((seed ^ 0x9e3779b9) >>> 0) + index + Math.imul(salt, 0x27d4eb2f)) >>> 0);
}

/** A small PRNG (mulberry32) for fields that need several draws; deterministic from (seed, index, salt). */
export function randomFor(seed: number, index: number, salt: number): () => number {
  let state = hash3(seed, index, salt);
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Knuth's multiplicative constant; coprime to every modulus the generator spreads over. */
const GOLDEN = 2_654_435_761;

/** (a * b) mod m without leaving exact float range: b is split into 16-bit halves. */
function mulMod(a: number, b: number, m: number): number {
  return (((a * Math.floor(b / 65536)) % m) * 65536 + a * (b % 65536)) % m;
}

/**
 * An injective map of `index` into [0, modulus) (for index < modulus): multiplication by a constant coprime to
 * the modulus, plus an offset. Values built from it (IP blocks, codes) are unique per indicator yet look scattered.
 */
export function spread(index: number, modulus: number, offset: number): number {
  return (mulMod(index % modulus, GOLDEN % modulus, modulus) + offset) % modulus;
}

/** `hex` characters drawn from (seed, index, salt). */
export function hexString(seed: number, index: number, salt: number, length: number): string {
  let out = '';
  for (let k = 0; out.length < length; k += 1)
    out += hash3(seed, index, salt * 131 + k)
      .toString(16)
      .padStart(8, '0');
  return out.slice(0, length);
}

/** Picks an item by weight; `unit` is in [0, 1). */
export function pickWeighted<T>(items: readonly (readonly [T, number])[], unit: number): T {
  return weightedPicker(items)(unit);
}

/** A picker over fixed weights, with the cumulative table computed once (it runs a million times per scan). */
export function weightedPicker<T>(items: readonly (readonly [T, number])[]): (unit: number) => T {
  const total = items.reduce((sum, [, w]) => sum + w, 0);
  let running = 0;
  const bounds = items.map(([, w]) => (running += w) / total);
  return (unit) => {
    for (let k = 0; k < bounds.length; k += 1) if (unit < bounds[k]!) return items[k]![0];
    return items[items.length - 1]![0];
  };
}
