/**
 * STIX confidence (an integer 0–100) from ThreatConnect's: rounded to the nearest integer and clamped into range;
 * undefined (the property is omitted) when absent or not a finite number.
 */
export function toConfidence(value: unknown): number | undefined {
  if (typeof value !== 'number' || !Number.isFinite(value)) return undefined;
  return Math.min(100, Math.max(0, Math.round(value)));
}
