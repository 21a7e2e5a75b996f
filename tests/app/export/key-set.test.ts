import { createHash } from 'node:crypto';
import { idAndContentDigest, KeySet, sha256Digest, uuidDigest } from '../../../app/export/files/key-set';

/** A small deterministic generator (mulberry32). */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('KeySet', () => {
  it('agrees with a Set over 200,000 adds and lookups, through many growths of its table and across blocks of its store', () => {
    const next = random(7);
    const alphabet = ['a', 'b', '.', '1', '9', '/', 'é', '漢', '\u0000', '😀'];
    const keys: string[] = [];
    for (let i = 0; i < 100_000; i += 1) {
      const length = Math.floor(next() * 40);
      let key = `Address|`;
      for (let j = 0; j < length; j += 1) key += alphabet[Math.floor(next() * alphabet.length)];
      keys.push(key);
    }
    const mine = new KeySet();
    const reference = new Set<string>();
    let disagreements = 0;
    for (let i = 0; i < 200_000; i += 1) {
      const key = keys[Math.floor(next() * keys.length)]!;
      if (next() < 0.5) {
        if (mine.add(key) !== !reference.has(key)) disagreements += 1;
        reference.add(key);
      } else if (mine.has(key) !== reference.has(key)) {
        disagreements += 1;
      }
    }
    expect(disagreements).toBe(0);
    expect(mine.size).toBe(reference.size);
    expect(keys.filter((key) => mine.has(key) !== reference.has(key))).toEqual([]);
  });

  it('tells apart keys that differ only in length, in one byte, or in characters that encode alike in UTF-16 and UTF-8, or are very long', () => {
    const set = new KeySet();
    const keys = [
      '',
      'a',
      'aa',
      'a\u0000',
      'ab',
      'ba',
      'é',
      'e\u0301',
      '\ud83d\ude00',
      'x'.repeat(5000),
      `${'x'.repeat(4999)}y`,
      'z'.repeat((1 << 20) + 10),
      `${'z'.repeat((1 << 20) + 10)}!`,
    ];
    for (const key of keys) expect(set.add(key)).toBe(true);
    for (const key of keys) expect(set.add(key)).toBe(false);
    expect(set.size).toBe(keys.length);
    expect(set.has('x'.repeat(4999))).toBe(false);
  });

  it('keeps apart keys whose digests start alike (they share a slot of the table)', () => {
    // Found by hashing `Host|h<i>.example` for i = 0, 1, 2… until the first 32 bits of a digest repeated.
    const [a, b] = ['Host|h56627.example', 'Host|h61095.example'];
    expect(sha256Digest(a).readUInt32LE(0)).toBe(sha256Digest(b).readUInt32LE(0));
    expect(sha256Digest(a).subarray(0, 16).equals(sha256Digest(b).subarray(0, 16))).toBe(false);
    const set = new KeySet();
    expect(set.add(a)).toBe(true);
    expect(set.has(b)).toBe(false);
    expect(set.add(b)).toBe(true);
    expect(set.add(a)).toBe(false);
    expect(set.add(b)).toBe(false);
    expect(set.size).toBe(2);
  });

  it('keeps STIX ids by the 16 bytes of their UUID, telling apart ids whose first bytes are alike', () => {
    const ids = [
      'indicator--0a1b2c3d-0000-5000-8000-000000000001',
      'indicator--0a1b2c3d-0000-5000-8000-000000000002',
      'indicator--ffffffff-ffff-5fff-bfff-ffffffffffff',
    ];
    expect(uuidDigest(ids[0]!).toString('hex')).toBe('0a1b2c3d000050008000000000000001');
    const set = new KeySet(uuidDigest);
    for (const id of ids) expect(set.add(id)).toBe(true);
    for (const id of ids) expect(set.add(id.toUpperCase().replace('INDICATOR', 'indicator'))).toBe(false);
    expect(set.size).toBe(3);
    for (const other of ['not an id', 'indicator--0a1b2c3d-0000-5000-8000-00000000000g', 'indicator--0a1b2c3d-0000-5000-8000-00000000000á']) {
      expect(uuidDigest(other).equals(sha256Digest(other))).toBe(true);
    }
  });
});

describe('idAndContentDigest', () => {
  const id = (n: number) => `indicator--0a1b2c3d-0000-5000-8000-${n.toString(16).padStart(12, '0')}`;
  const digestOf = (text: string) => createHash('sha256').update(text).digest('base64url').slice(0, 22);

  it("is the UUID XOR the digest's first 128 bits, with no allocation per key", () => {
    const d = digestOf('content');
    const expected = Buffer.from(uuidDigest(id(1)));
    const content = Buffer.from(d, 'base64url').subarray(0, 16);
    for (let b = 0; b < 16; b++) expected[b] = expected[b]! ^ content[b]!;
    expect(idAndContentDigest(`${id(1)} ${d}`).equals(expected)).toBe(true);
    expect(idAndContentDigest(`${id(2)} ${d}`)).toBe(idAndContentDigest(`${id(3)} ${d}`)); // the one reused buffer
  });

  it('tells apart another version of the same object, and another object, in a set of 20,000', () => {
    const set = new KeySet(idAndContentDigest);
    for (let n = 0; n < 10_000; n++) expect(set.add(`${id(n)} ${digestOf(`v1-${n}`)}`)).toBe(true);
    for (let n = 0; n < 10_000; n++) {
      expect(set.has(`${id(n)} ${digestOf(`v1-${n}`)}`)).toBe(true);
      expect(set.has(`${id(n)} ${digestOf(`v2-${n}`)}`)).toBe(false);
      expect(set.has(`${id(n + 10_000)} ${digestOf(`v1-${n}`)}`)).toBe(false);
    }
  });

  it('falls back to SHA-256 for keys of another form', () => {
    for (const key of ['no space', `${id(1)} short`, `not-a-uuid ${digestOf('x')}`, `${id(1)} ${'!'.repeat(22)}`]) {
      expect(idAndContentDigest(key).equals(sha256Digest(key))).toBe(true);
    }
  });
});
