/** One object Sentinel refused, by its index in the request's `stixobjects`. */
export interface Rejection {
  index: number;
  messages: string[];
}

/**
 * Reads a 200 answer: empty means every object was accepted; otherwise `errors[]` lists the refused ones, with
 * `errorMessages` (what the service sends) or `validationErrorMessages` (what the OpenAPI spec names).
 */
export function parseRejections(body: string, objectCount: number): Rejection[] {
  const text = body.trim();
  if (!text) return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return [];
  }
  const errors = (parsed as { errors?: unknown })?.errors;
  if (!Array.isArray(errors)) return [];
  const byIndex = new Map<number, string[]>();
  for (const e of errors as Array<Record<string, unknown>>) {
    const index = Number(e?.recordIndex);
    if (!Number.isInteger(index) || index < 0 || index >= objectCount) continue;
    const raw = e.errorMessages ?? e.validationErrorMessages ?? [];
    const messages = (Array.isArray(raw) ? raw : [raw]).map(String).filter(Boolean);
    byIndex.set(index, [...(byIndex.get(index) ?? []), ...(messages.length ? messages : ['rejected without a message'])]);
  }
  return [...byIndex.entries()].sort((a, b) => a[0] - b[0]).map(([index, messages]) => ({ index, messages }));
}

/** How long a 429 asks to wait: the Retry-After header (seconds or HTTP date), else "Try again in N seconds". */
export function retryAfterMs(header: unknown, body: string, nowMs: number): number | undefined {
  if (typeof header === 'string' && header.trim()) {
    const seconds = Number(header);
    if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
    const date = Date.parse(header);
    if (!Number.isNaN(date)) return Math.max(0, date - nowMs);
  }
  const match = /try again in (\d+(?:\.\d+)?) seconds?/i.exec(body);
  return match ? Number(match[1]) * 1000 : undefined;
}

/** Sentinel's error body `{"error":{"code","message"}}` or `{"message"}`; a short excerpt otherwise. */
export function errorDetails(body: string): { message?: string; code?: string } {
  try {
    const parsed = JSON.parse(body) as { error?: { code?: string; message?: string }; message?: string; code?: string };
    const message = parsed.error?.message ?? parsed.message;
    const code = parsed.error?.code ?? parsed.code;
    return { ...(message ? { message: String(message).slice(0, 500) } : {}), ...(code ? { code: String(code) } : {}) };
  } catch {
    const text = body.trim().slice(0, 200);
    return text ? { message: text } : {};
  }
}
