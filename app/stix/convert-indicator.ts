import type { TcIndicator, TcIndicatorType } from '../../sdk';
import { toConfidence } from './confidence';
import { conversionError, unexpectedError } from './conversion-error';
import { buildDescription } from './description';
import { externalReferences } from './external-references';
import { killChainPhases } from './kill-chain';
import { labelsFromTags } from './labels';
import { quote, type Observable } from './observable';
import { readObservables } from './read-observables';
import { stixIdFor } from './stix-id';
import { formatTimestamp, normalizeTimestamp, parseTimestamp } from './timestamps';
import { tlpMarkingRefs } from './tlp-marking';
import type { ConversionError, ConvertOptions, ConvertResult, ReadIndicatorResult, StixIndicator } from './types';
import { ttlProblem, validityWindow } from './timing';

/** What every STIX object of one indicator shares. */
interface Shared {
  owner: string | undefined;
  description: string;
  labels: string[] | undefined;
  phases: StixIndicator['kill_chain_phases'];
  confidence: number | undefined;
  references: StixIndicator['external_references'];
  markings: string[] | undefined;
  validFrom: string;
  validUntil: string;
}

function failure(indicator: unknown, code: string, message: string, field?: string): ConvertResult {
  return { ok: false, error: conversionError({ code, message, field }, indicator) };
}

/** Arrays are copied for every object after the first, so no two objects share a mutable array. */
function own<T>(array: T[] | undefined, copy: boolean): T[] | undefined {
  return array && copy ? array.map((item) => (typeof item === 'object' ? { ...item } : item)) : array;
}

/** The times of one object: id, created, modified (valid_from and valid_until come from the shared window). */
function buildObject(observable: Observable, shared: Shared, id: string, created: string, modified: string, copy: boolean): StixIndicator {
  const object: StixIndicator = {
    type: 'indicator',
    spec_version: '2.1',
    id,
    created,
    modified,
    name: shared.owner === undefined ? observable.display : `${observable.display} | ${shared.owner}`,
    description: shared.description,
    indicator_types: ['malicious-activity'],
    pattern: observable.pattern,
    pattern_type: 'stix',
    pattern_version: '2.1',
    valid_from: shared.validFrom,
    valid_until: shared.validUntil,
  };
  if (shared.phases) object.kill_chain_phases = own(shared.phases, copy);
  if (shared.labels) object.labels = own(shared.labels, copy);
  if (shared.confidence !== undefined) object.confidence = shared.confidence;
  if (shared.references) object.external_references = own(shared.references, copy);
  if (shared.markings) object.object_marking_refs = own(shared.markings, copy);
  return object;
}

function convert(indicator: TcIndicator, options: ConvertOptions, read: ReadIndicatorResult, only: ReadonlySet<string> | undefined): ConvertResult {
  if (!read.ok) return { ok: false, error: read.error };
  const type = indicator.type as TcIndicatorType;
  const nowMs = options.now instanceof Date ? options.now.getTime() : Number.NaN;
  if (!Number.isFinite(nowMs)) return failure(indicator, 'invalid-options', 'The time of upload (now) is not a valid date');
  const ttl = options.ttlHours?.[type];
  if (typeof ttl !== 'number' || ttlProblem(ttl) !== undefined) {
    return failure(indicator, 'missing-ttl', `No valid TTL (${ttlProblem(Number(ttl))}) is configured for ${type} indicators`);
  }
  const dateAdded = normalizeTimestamp(indicator.dateAdded);
  if (dateAdded === undefined) {
    const shown = typeof indicator.dateAdded === 'string' ? quote(indicator.dateAdded) : 'missing';
    return failure(indicator, 'invalid-value', `dateAdded (${shown}) is not an ISO 8601 timestamp`, 'dateAdded');
  }
  const window = validityWindow(nowMs, ttl);
  if (window.validUntil <= window.validFrom) return failure(indicator, 'invalid-options', 'valid_until would not be later than valid_from');

  const owner = typeof indicator.ownerName === 'string' && indicator.ownerName.trim() !== '' ? indicator.ownerName.trim() : undefined;
  const summary = typeof indicator.summary === 'string' ? indicator.summary : read.observables.map((o) => o.display).join(' : ');
  const shared: Shared = {
    owner,
    description: buildDescription(indicator, summary),
    labels: labelsFromTags(indicator),
    phases: killChainPhases(indicator),
    confidence: toConfidence(indicator.confidence),
    references: externalReferences(indicator),
    markings: tlpMarkingRefs(indicator),
    validFrom: window.validFrom,
    validUntil: window.validUntil,
  };
  const objects: StixIndicator[] = [];
  for (const [i, observable] of read.observables.entries()) {
    const id = read.ids[i]!;
    if (only && !only.has(id)) continue;
    const previousMs = options.previousModified ? parseTimestamp(options.previousModified(id)) : undefined;
    const modifiedMs = previousMs !== undefined && previousMs >= nowMs ? previousMs + 1 : nowMs;
    const modified = modifiedMs === nowMs ? window.validFrom : formatTimestamp(modifiedMs);
    // created never follows modified, even when ThreatConnect's clock ran ahead of ours. Timestamps of this one
    // form (four-digit year, milliseconds, Z) compare correctly as strings.
    const created = dateAdded <= modified ? dateAdded : modified;
    objects.push(buildObject(observable, shared, id, created, modified, objects.length > 0));
  }
  return { ok: true, objects };
}

/**
 * Reads one ThreatConnect indicator's value(s) and the deterministic STIX id each becomes, without building the
 * objects (what deduplication needs); never throws. Pass the result to `convertIndicator` to build them.
 * @example readIndicator({type: 'Host', hostName: 'example.com', …}, 'ThreatConnect-Prod') // {ok: true, ids: ['indicator--…'], …}
 */
export function readIndicator(indicator: TcIndicator, sourceSystem: string): ReadIndicatorResult {
  try {
    const read = readObservables(indicator);
    if (!read.ok) return { ok: false, error: conversionError(read, indicator) };
    return { ok: true, observables: read.observables, ids: read.observables.map((o) => stixIdFor(sourceSystem, o.key)) };
  } catch (err) {
    return { ok: false, error: unexpectedError(err, indicator) };
  }
}

/**
 * Converts one ThreatConnect indicator to its STIX 2.1 indicator(s) (a File: one per hash), or to an error that
 * says what is wrong; never throws. Given what `readIndicator` read, it does not read it again; given `only`, it
 * builds only the objects with those ids.
 * @example convertIndicator(indicator, {sourceSystem: 'ThreatConnect-Prod', ttlHours, now: new Date()})
 */
export function convertIndicator(
  indicator: TcIndicator,
  options: ConvertOptions,
  read: ReadIndicatorResult = readIndicator(indicator, options.sourceSystem),
  only?: ReadonlySet<string>,
): ConvertResult {
  try {
    return convert(indicator, options, read, only);
  } catch (err) {
    const error: ConversionError = unexpectedError(err, indicator);
    return { ok: false, error };
  }
}
