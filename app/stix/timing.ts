import { formatTimestamp, parseTimestamp } from './timestamps';

/**
 * The one owner of every time an object carries when it is sent: `valid_from`, `valid_until`, `modified` (the
 * converter's objects, the upload's batches and the revocations all take theirs from here), and the bounds of a
 * time to live.
 */

/** A time to live, in hours: at least 1, at most 87,600 (ten years), so `valid_until` is always a STIX timestamp. */
export const TTL_HOURS_RANGE = { min: 1, max: 87_600 } as const;

/** Why a time to live cannot be used, or undefined when it can. */
export function ttlProblem(hours: number): string | undefined {
  return Number.isFinite(hours) && hours >= TTL_HOURS_RANGE.min && hours <= TTL_HOURS_RANGE.max
    ? undefined
    : `must be a number of hours from ${TTL_HOURS_RANGE.min} to ${TTL_HOURS_RANGE.max.toLocaleString('en-US')} (ten years)`;
}

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

/**
 * `valid_from` = now (the time the object is sent), `valid_until` = now + TTL: at least 1 ms later and at most the last
 * instant a STIX timestamp can say (a TTL out of TTL_HOURS_RANGE never reaches here: the inputs refuse it).
 */
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

/**
 * The `modified` of each batch a job sends: now, but always strictly later than anything sent before (`last`, the
 * newest `modified` ever sent), so Sentinel takes every re-send as the newer version.
 * @example const next = modifiedClock(() => new Date(), ctx.kv.get('maxModified')); const modified = next();
 */
export function modifiedClock(now: () => Date, last: string | undefined): () => Date {
  let lastMs = (last && parseTimestamp(last)) || 0;
  return () => {
    lastMs = Math.max(now().getTime(), lastMs + 1);
    return new Date(lastMs);
  };
}

/**
 * The times of a revocation (a re-send with `revoked: true`): `modified` later than anything sent for it, the
 * same `created` and `valid_from`, and `valid_until` = now, kept later than `valid_from`.
 */
export function revocationTimes(
  entry: { created: string; validFrom: string; lastModified: string },
  now: Date,
): { created: string; modified: string; validFrom: string; validUntil: string } {
  const nowMs = now.getTime();
  const createdMs = parseTimestamp(entry.created) ?? parseTimestamp(entry.validFrom) ?? nowMs;
  const lastMs = parseTimestamp(entry.lastModified);
  const fromMs = parseTimestamp(entry.validFrom) ?? createdMs;
  return {
    created: formatTimestamp(createdMs),
    modified: formatTimestamp(Math.max(nowMs, createdMs, lastMs === undefined ? nowMs : lastMs + 1)),
    validFrom: formatTimestamp(fromMs),
    validUntil: formatTimestamp(Math.max(nowMs, fromMs + 1)),
  };
}
