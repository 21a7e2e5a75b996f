import type { PreviewResult } from '../../../app/routes/api-types';
import { plural } from '../../components/format';
import { indicatorTypeLabel } from '../../components/labels';

/** One sample STIX object as the preview table shows it. */
export interface PreviewRow {
  id: string;
  value: string;
  /** The ThreatConnect type, as a person reads it (Email Address). */
  type: string;
  owner: string;
  confidence?: number;
  tags: string[];
  validUntil?: string;
  /** The ThreatConnect indicator it came from (a File gives one object per hash). */
  indicator: string;
}

interface SampleObject {
  id?: unknown;
  name?: unknown;
  description?: unknown;
  confidence?: unknown;
  labels?: unknown;
  valid_until?: unknown;
}

/**
 * The preview route gives STIX objects only. The converter writes the ThreatConnect type, summary and owner into
 * the description (a JSON string) and names each object `<value> | <owner>`: the table reads them back from there.
 */
export function previewRows(sample: readonly object[]): PreviewRow[] {
  return sample.map((o: SampleObject, i) => {
    let context: { type?: unknown; summary?: unknown; ownerName?: unknown } = {};
    try {
      context = typeof o.description === 'string' ? (JSON.parse(o.description) as typeof context) : {};
    } catch {
      // Not the converter's JSON: the row shows what the object itself says.
    }
    const owner = typeof context.ownerName === 'string' ? context.ownerName : '';
    const name = typeof o.name === 'string' ? o.name : '';
    const suffix = ` | ${owner.trim()}`;
    const type = typeof context.type === 'string' ? indicatorTypeLabel(context.type) : '';
    return {
      id: typeof o.id === 'string' ? o.id : String(i),
      value: owner && name.endsWith(suffix) ? name.slice(0, -suffix.length) : name,
      type,
      owner,
      ...(typeof o.confidence === 'number' ? { confidence: o.confidence } : {}),
      tags: Array.isArray(o.labels) ? o.labels.filter((l): l is string => typeof l === 'string') : [],
      ...(typeof o.valid_until === 'string' ? { validUntil: o.valid_until } : {}),
      indicator: `${type}\n${owner}\n${typeof context.summary === 'string' ? context.summary : name}`,
    };
  });
}

/** The sample by indicator type: how many indicators (not objects) of each, and how many in all, failures included. */
export function sampleTally(result: PreviewResult): { size: number; perType: Array<[string, number]> } {
  const seen = new Set<string>();
  const perType = new Map<string, number>();
  for (const row of previewRows(result.sample)) {
    if (seen.has(row.indicator)) continue;
    seen.add(row.indicator);
    perType.set(row.type || 'Unknown', (perType.get(row.type || 'Unknown') ?? 0) + 1);
  }
  return { size: seen.size + result.errors.length, perType: [...perType] };
}

/**
 * "1234 indicators match this query: Address 1,000, Host 234." from ThreatConnect's count per type; without it, the
 * sample's tally: "1234 indicators match this query (in the sample of 5: Address 3, Host 2)."
 */
export function matchSentence(result: PreviewResult): string {
  if (result.countsByType && Object.keys(result.countsByType).length > 0) {
    const parts = Object.entries(result.countsByType).map(([t, n]) => `${indicatorTypeLabel(t)} ${(n ?? 0).toLocaleString('en-US')}`);
    return `${plural(result.count, 'indicator')} ${result.count === 1 ? 'matches' : 'match'} this query: ${parts.join(', ')}.`;
  }
  const { size, perType } = sampleTally(result);
  const parts = perType.map(([t, n]) => `${t} ${n}`);
  if (result.errors.length > 0) parts.push(`${result.errors.length} cannot be converted`);
  const tally = size > 0 ? ` (in the sample of ${size}: ${parts.join(', ')})` : '';
  return `${plural(result.count, 'indicator')} ${result.count === 1 ? 'matches' : 'match'} this query${tally}.`;
}
