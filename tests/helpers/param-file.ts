import { createCipheriv, randomBytes } from 'node:crypto';
import fs from 'node:fs';

/**
 * Writes inputs the way ThreatConnect Core hands them to an App (docs/platform-protocol.md §2): one JSON object,
 * AES-CBC with the key's UTF-8 bytes, a zero IV and PKCS#7 padding. Returns the environment the App gets.
 */
export function writeParamFile(
  file: string,
  inputs: Record<string, unknown>,
  key = randomBytes(12).toString('base64'),
): { TC_APP_PARAM_FILE: string; TC_APP_PARAM_KEY: string } {
  const keyBytes = Buffer.from(key, 'utf8');
  const cipher = createCipheriv(`aes-${keyBytes.length * 8}-cbc`, keyBytes, Buffer.alloc(16, 0));
  const encrypted = Buffer.concat([cipher.update(JSON.stringify(inputs), 'utf8'), cipher.final()]);
  fs.writeFileSync(file, encrypted, { mode: 0o600 });
  return { TC_APP_PARAM_FILE: file, TC_APP_PARAM_KEY: key };
}
