import { Secret } from '../inputs/secret';

export const REDACTED = '***';

/** Holds the secret strings a logger must never print, and removes them from any value. */
export class Redactor {
  #secrets: string[] = [];

  /** Registers a secret; strings shorter than 4 characters are ignored (they would mask ordinary words). */
  add(secret: string | Secret | undefined): void {
    const value = secret instanceof Secret ? secret.reveal() : secret;
    if (!value || value.length < 4 || this.#secrets.includes(value)) return;
    this.#secrets.push(value);
    // Longest first, so a secret that contains another is masked whole.
    this.#secrets.sort((a, b) => b.length - a.length);
  }

  get size(): number {
    return this.#secrets.length;
  }

  redactString(text: string): string {
    let out = text;
    for (const secret of this.#secrets) {
      if (out.includes(secret)) out = out.split(secret).join(REDACTED);
    }
    return out;
  }

  /** A deep copy of `value` with every secret masked; Secret instances become the mask. */
  redact(value: unknown, seen = new WeakSet<object>()): unknown {
    if (typeof value === 'string') return this.redactString(value);
    if (value instanceof Secret) return REDACTED;
    if (value === null || typeof value !== 'object') return value;
    if (seen.has(value)) return '[Circular]';
    seen.add(value);
    if (value instanceof Error) {
      const out: Record<string, unknown> = { name: value.name, message: this.redactString(value.message) };
      if (value.stack) out.stack = this.redactString(value.stack);
      for (const [k, v] of Object.entries(value)) out[k] = this.redact(v, seen);
      return out;
    }
    if (Array.isArray(value)) return value.map((v) => this.redact(v, seen));
    if (value instanceof Date) return value.toISOString();
    if (Buffer.isBuffer(value)) return `<Buffer ${value.length} bytes>`;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = this.redact(v, seen);
    return out;
  }
}
