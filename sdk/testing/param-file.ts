import { createCipheriv } from 'node:crypto';
import { cipherName, ZERO_IV } from '../inputs/param-file';

/** Encrypts text the way Core writes the param file (tests and local tools use it; the App only decrypts). */
export function encryptParamFile(plaintext: string, key: string): Buffer {
  const cipher = createCipheriv(cipherName(key), Buffer.from(key, 'utf8'), ZERO_IV);
  return Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
}
