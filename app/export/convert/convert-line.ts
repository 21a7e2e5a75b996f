import { convertIndicator, stixIdFor, type StixIndicator } from '../../stix';
import type { TcIndicator, TcIndicatorType } from '../../../sdk/threatconnect/types';

/** What the upload stage needs of each object besides the object itself. */
export type ObjectMeta = [
  tcId: number,
  owner: string,
  tcType: string,
  ttlHours: number,
  refresh: 0 | 1,
  stixId: string,
  created: string,
  name: string,
  pattern: string,
];

/** The settings conversion needs; plain data, so they can be handed to a worker thread. */
export interface ConvertSettings {
  sourceSystem: string;
  ttlHours: Record<TcIndicatorType, number>;
  /** ISO time the objects are created at (the job's conversion time). */
  now: string;
}

/** One indicator that could not be converted: why, and the indicator as it came. */
export interface ConvertFailure {
  message: string;
  raw: unknown;
}

/** One kept indicator on its way to conversion: flag (N = new or changed, R = keep-alive refresh), kept keys (* = all), indicator. */
export function stageLine(flag: 'N' | 'R', keys: string[] | '*', indicator: TcIndicator): string {
  return `${flag}\t${keys === '*' ? '*' : JSON.stringify(keys)}\t${JSON.stringify(indicator)}`;
}

/** Serializes an object without the fields set at upload time (modified, valid_from, valid_until). */
export function stageObject(object: StixIndicator, indicator: TcIndicator, ttlHours: number, refresh: boolean): string {
  const { modified: _m, valid_from: _f, valid_until: _u, ...rest } = object;
  const meta: ObjectMeta = [
    indicator.id,
    indicator.ownerName,
    indicator.type,
    ttlHours,
    refresh ? 1 : 0,
    object.id,
    object.created,
    object.name ?? '',
    object.pattern,
  ];
  return `${JSON.stringify(meta)}\t${JSON.stringify(rest)}`;
}

/**
 * Turns staged indicator lines into staged object lines (`<meta JSON>\t<object JSON>`), keeping of a File only
 * the hashes dedupe let through.
 * @example const convert = lineConverter(settings); const r = convert(line); if (r.ok) out.push(...r.lines)
 */
export function lineConverter(settings: ConvertSettings) {
  const now = new Date(settings.now);
  const options = { sourceSystem: settings.sourceSystem, ttlHours: settings.ttlHours, now };
  return (line: string): { ok: true; lines: string[] } | { ok: false; failure: ConvertFailure } => {
    const [flag, keys, json] = line.split('\t', 3) as [string, string, string];
    const indicator = JSON.parse(json) as TcIndicator;
    const result = convertIndicator(indicator, options);
    if (!result.ok) return { ok: false, failure: { message: result.error.message, raw: indicator } };
    const ttl = settings.ttlHours[indicator.type as TcIndicatorType] ?? 0;
    const allowed = keys === '*' ? undefined : new Set((JSON.parse(keys) as string[]).map((k) => stixIdFor(settings.sourceSystem, k)));
    const lines: string[] = [];
    for (const object of result.objects) {
      if (!allowed || allowed.has(object.id)) lines.push(stageObject(object, indicator, ttl, flag === 'R'));
    }
    return { ok: true, lines };
  };
}
