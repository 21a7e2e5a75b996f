import { createDecipheriv } from 'node:crypto';
import fs from 'node:fs';

// Core's param file (docs/platform-protocol.md §2): AES-CBC keyed by the UTF-8 bytes of TC_APP_PARAM_KEY, a zero IV, PKCS#7.
export const ZERO_IV = Buffer.alloc(16, 0);

/** The AES-CBC cipher for a key of 16, 24 or 32 bytes. */
export function cipherName(key: string): string {
  const bytes = Buffer.byteLength(key, 'utf8');
  if (![16, 24, 32].includes(bytes)) throw new Error(`TC_APP_PARAM_KEY must be 16, 24 or 32 bytes long, got ${bytes}`);
  return `aes-${bytes * 8}-cbc`;
}

/** Decrypts a param file's bytes. @example decryptParamFile(Buffer.from('308e…', 'hex'), 'ajfmuyodhscwegea') === 'blah' */
export function decryptParamFile(encrypted: Buffer, key: string): string {
  const decipher = createDecipheriv(cipherName(key), Buffer.from(key, 'utf8'), ZERO_IV);
  try {
    return Buffer.concat([decipher.update(encrypted), decipher.final()]).toString('utf8');
  } catch {
    throw new Error('the param file could not be decrypted with TC_APP_PARAM_KEY (wrong key or damaged file)');
  }
}

/** Reads, deletes and decrypts the param file; returns its JSON object. The file is deleted even when it is bad. */
export function readParamFile(file: string, key: string): Record<string, unknown> {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch (err) {
    throw new Error(`the param file TC_APP_PARAM_FILE could not be read (${(err as NodeJS.ErrnoException).code ?? 'error'})`, { cause: err });
  } finally {
    fs.rmSync(file, { force: true });
  }
  return parseInputsJson(decryptParamFile(bytes, key), 'the param file');
}

/** Parses an inputs document: a JSON object, or a clear error saying where it came from. */
export function parseInputsJson(text: string, source: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new Error(`${source} is not valid JSON`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error(`${source} must hold one JSON object`);
  return parsed as Record<string, unknown>;
}
