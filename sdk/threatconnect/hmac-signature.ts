import { createHmac } from 'node:crypto';

export interface HmacSignatureInput {
  /** The path and query exactly as sent, including the `/api` prefix: `/api/v3/indicators?owner=My%20Org`. */
  pathAndQuery: string;
  method: string;
  /** Epoch seconds, the value of the `Timestamp` header. */
  timestamp: number | string;
  secretKey: string;
}

/**
 * ThreatConnect's API-user signature: base64(HMAC-SHA256(secretKey, `<path?query>:<METHOD>:<timestamp>`)).
 * @example hmacSignature({ pathAndQuery: "/api/v3/security/owners", method: "GET", timestamp: 1513703787, secretKey })
 */
export function hmacSignature(input: HmacSignatureInput): string {
  const message = `${input.pathAndQuery}:${input.method.toUpperCase()}:${input.timestamp}`;
  return createHmac('sha256', input.secretKey).update(message, 'utf8').digest('base64');
}

/**
 * The `Authorization` header value for a signature.
 * @example hmacAuthorization("12345", sig) === `TC 12345:${sig}`
 */
export function hmacAuthorization(accessId: string, signature: string): string {
  return `TC ${accessId}:${signature}`;
}
