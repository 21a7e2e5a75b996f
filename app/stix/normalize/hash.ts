export type HashAlgorithm = 'MD5' | 'SHA-1' | 'SHA-256';

/** Hex length of each algorithm. */
export const HASH_LENGTH: Record<HashAlgorithm, number> = { MD5: 32, 'SHA-1': 40, 'SHA-256': 64 };

const HEX = /^[0-9a-f]+$/;

/**
 * Normalizes a hex hash to lowercase (the form of the STIX specification's examples and of most endpoint logs;
 * ThreatConnect shows uppercase). Undefined when it is not hex of the algorithm's length.
 */
export function normalizeHash(raw: string, algorithm: HashAlgorithm): string | undefined {
  const value = raw.trim().toLowerCase();
  return value.length === HASH_LENGTH[algorithm] && HEX.test(value) ? value : undefined;
}
