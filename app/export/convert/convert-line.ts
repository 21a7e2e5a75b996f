import { hash } from 'node:crypto';
import { createIndicatorValidator } from '../../stix/indicator-validator';
import type { StixValidator } from '../../stix/validate-stix';
import { convertIndicator, type ConvertOptions, type ReadIndicatorResult, type StixIndicator } from '../../stix';
import type { TcIndicator, TcIndicatorType } from '../../../sdk';

/**
 * What the upload stage needs of each object besides the object itself. The two numbers come first, and the rest
 * is in the order of a ledger row (Ledger.sentLine), so the upload stage reads the numbers and passes the rest on
 * to the sent log as bytes, parsing nothing.
 */
export type ObjectMeta = [
  ttlHours: number,
  refresh: 0 | 1,
  stixId: string,
  tcType: string,
  tcId: number,
  owner: string,
  pattern: string,
  name: string,
  created: string,
  /** The object's content without its timing fields, digested (contentDigest): what a full update compares. */
  digest: string,
];

/** One line of the objects file, as bytes: `<meta JSON>\t<object JSON>`. */
export interface ObjectLine {
  ttlHours: number;
  refresh: boolean;
  /** The meta's ledger fields, comma-separated JSON values without brackets (`"indicator--…","Address",…`). */
  rowFields: Buffer;
  /** The meta JSON (for error reports). */
  meta: Buffer;
  /** The object's JSON without its timing fields (`{"type":"indicator",…}`). */
  object: Buffer;
}

const COMMA = 0x2c;
const TAB = 0x09;

/** Splits an objects-file line without decoding it (the meta's first two values are plain numbers). */
export function readObjectLine(line: Buffer): ObjectLine {
  const tab = line.indexOf(TAB);
  const first = line.indexOf(COMMA);
  const second = line.indexOf(COMMA, first + 1);
  if (tab < 0 || first < 0 || second < 0 || second > tab || line[0] !== 0x5b || line[tab - 1] !== 0x5d) {
    throw new Error('The objects file holds a line that is not <meta>\t<object>');
  }
  return {
    ttlHours: Number(line.toString('latin1', 1, first)),
    refresh: line[second - 1] === 0x31,
    rowFields: line.subarray(second + 1, tab - 1),
    meta: line.subarray(0, tab),
    object: line.subarray(tab + 1),
  };
}

/** The settings conversion needs; plain data, so they can be handed to a worker thread. */
export interface ConvertSettings {
  sourceSystem: string;
  ttlHours: Record<TcIndicatorType, number>;
  /** ISO time the objects are created at (the job's conversion time). */
  now: string;
}

/**
 * The one place the conversion settings are built: the engine's source system and TTLs, at `now` (a job's start,
 * so a resumed job converts to the very same bytes; the clock for a preview).
 */
export function convertSettings(options: Pick<ConvertSettings, 'sourceSystem' | 'ttlHours'>, now: Date | string): ConvertSettings {
  return { sourceSystem: options.sourceSystem, ttlHours: options.ttlHours, now: typeof now === 'string' ? now : now.toISOString() };
}

/** The settings as the converter takes them. */
export function convertOptions(settings: ConvertSettings): ConvertOptions {
  return { sourceSystem: settings.sourceSystem, ttlHours: settings.ttlHours, now: new Date(settings.now) };
}

/** One indicator that could not be converted: why, and the indicator as it came. */
export interface ConvertFailure {
  message: string;
  raw: unknown;
}

/**
 * A digest of an object's JSON without its timing fields: equal digests, same content (the first 128 bits of its
 * SHA-256, base64url).
 */
export function contentDigest(timelessJson: string): string {
  return hash('sha256', timelessJson, 'base64url').slice(0, 22);
}

/**
 * Serializes an object without the fields set at upload time (modified, valid_from, valid_until). The object is
 * the caller's to give up: those fields are set to undefined (which JSON leaves out) rather than copied around.
 */
export function stageObject(object: StixIndicator, indicator: TcIndicator, ttlHours: number, refresh: boolean): string {
  const timeless = object as unknown as Record<'modified' | 'valid_from' | 'valid_until', string | undefined>;
  timeless.modified = timeless.valid_from = timeless.valid_until = undefined;
  const json = JSON.stringify(object);
  const meta: ObjectMeta = [
    ttlHours,
    refresh ? 1 : 0,
    object.id,
    indicator.type,
    indicator.id,
    indicator.ownerName,
    object.pattern,
    object.name ?? '',
    object.created,
    contentDigest(json),
  ];
  return `${JSON.stringify(meta)}\t${json}`;
}

/**
 * Converts one indicator, already read (`readIndicator`), to staged object lines (`<meta JSON>\t<object JSON>`):
 * all its objects, or only those with the ids dedupe let through (a File's new hashes).
 * @example const convert = indicatorConverter(settings); const r = convert(indicator, read, undefined, false); if (r.ok) out.push(...r.lines)
 */
export function indicatorConverter(settings: ConvertSettings, validator: StixValidator = createIndicatorValidator()) {
  const options = convertOptions(settings);
  return (
    indicator: TcIndicator,
    read: ReadIndicatorResult,
    only: ReadonlySet<string> | undefined,
    refresh: boolean,
  ): { ok: true; lines: string[] } | { ok: false; failure: ConvertFailure } => {
    const result = convertIndicator(indicator, options, read, only);
    if (!result.ok) return { ok: false, failure: { message: result.error.message, raw: indicator } };
    // Nothing goes to Sentinel that the OASIS schemas refuse: such an indicator is reported instead of sent.
    for (const object of result.objects) {
      const problems = validator.validate(object);
      if (problems.length > 0) {
        return {
          ok: false,
          failure: {
            message: `The STIX object ${object.id} does not validate against the STIX 2.1 schemas: ${problems.slice(0, 3).join('; ')}`,
            raw: indicator,
          },
        };
      }
    }
    const ttl = settings.ttlHours[indicator.type as TcIndicatorType] ?? 0;
    return { ok: true, lines: result.objects.map((object) => stageObject(object, indicator, ttl, refresh)) };
  };
}
