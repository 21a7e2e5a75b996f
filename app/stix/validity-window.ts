import { formatTimestamp } from './timestamps';

export interface ValidityWindow {
  nowMs: number;
  validFrom: string;
  validUntil: string;
  validUntilMs: number;
}

const HOUR_MS = 3_600_000;

/**
 * Formatting two timestamps per indicator is a measurable share of conversion time, and a batch converts
 * thousands with the same `now` and a handful of TTLs: the last instant's windows are kept.
 */
let cachedNow = Number.NaN;
let cachedFrom = '';
const cachedByTtl = new Map<number, ValidityWindow>();

/** `valid_from` = now, `valid_until` = now + TTL (at least 1 ms later, at most the last expressible instant). */
export function validityWindow(nowMs: number, ttlHours: number): ValidityWindow {
  if (nowMs !== cachedNow) {
    cachedNow = nowMs;
    cachedFrom = formatTimestamp(nowMs);
    cachedByTtl.clear();
  }
  let window = cachedByTtl.get(ttlHours);
  if (!window) {
    const untilMs = nowMs + Math.max(1, Math.round(ttlHours * HOUR_MS));
    window = { nowMs, validFrom: cachedFrom, validUntil: formatTimestamp(untilMs), validUntilMs: untilMs };
    cachedByTtl.set(ttlHours, window);
  }
  return window;
}
