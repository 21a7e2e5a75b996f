import type { TcAttribute, TcGroupRef, TcIndicator, TcIndicatorType, TcOwner, TcSecurityLabel } from '../../../threatconnect/types';
import { buildSummary } from './build-summary';
import { hash3, randomFor, weightedPicker } from './hash';
import { generateValues, type ValueFields } from './indicator-values';
import { malformedValues } from './malformed-values';
import { GROUPS, PHASES, SECURITY_LABELS, TAGS } from './vocabulary';

/** The collections `fields=` can ask for. */
export const COLLECTION_FIELDS = ['tags', 'attributes', 'associatedGroups', 'securityLabels', 'threatAssess'] as const;
export type CollectionField = (typeof COLLECTION_FIELDS)[number];

const pickType = weightedPicker<TcIndicatorType>([
  ['Address', 25],
  ['Host', 20],
  ['URL', 15],
  ['File', 15],
  ['EmailAddress', 8],
  ['CIDR', 5],
  ['ASN', 4],
  ['Email Subject', 4],
  ['Registry Key', 4],
]);
const pickLabel = weightedPicker(SECURITY_LABELS);
const TWO_YEARS_SEC = 730 * 86400;
const unit = (h: number) => h / 4294967296;
/** ISO-8601 in whole seconds, as ThreatConnect writes dates. */
const isoDate = (sec: number) => new Date(sec * 1000).toISOString().replace('.000Z', 'Z');

/** One hash stream per field, so fields vary independently. */
const Salt = {
  Dup: 1,
  Type: 2,
  Owner: 3,
  Added: 4,
  Modified: 5,
  Rating: 6,
  Confidence: 7,
  Score: 8,
  Flags: 9,
  Tags: 10,
  Attributes: 11,
  Groups: 12,
  Label: 13,
  Unrated: 14,
} as const;

export interface GeneratorOptions {
  count: number;
  seed: number;
  owners: readonly TcOwner[];
  /** Share (0…1) of indicators that copy an earlier one's type and value into another owner. */
  duplicateShare: number;
  malformedCount: number;
  /** Epoch seconds: every generated date is at or before it. */
  referenceTimeSec: number;
  /** e.g. `https://app.threatconnect.com` */
  webBase: string;
  /** Share (0…1) of indicators with no rating and no confidence set (ThreatConnect then leaves both out). */
  unratedShare?: number;
}

/**
 * Indicator `i` (id `i + 1`) computed on demand from (seed, i), never stored: each field is its own hash, so a
 * filter on type or owner costs a few multiplications and a million indicators need no memory at all.
 */
export class IndicatorGenerator {
  readonly #malformed = new Map<number, number>();

  constructor(readonly options: GeneratorOptions) {
    const { count, malformedCount } = options;
    for (let k = 0; k < Math.min(malformedCount, count); k += 1) this.#malformed.set(Math.floor(((k + 0.5) * count) / malformedCount), k);
  }

  get count(): number {
    return this.options.count;
  }

  /** Indexes of the malformed indicators. */
  malformedIndexes(): number[] {
    return [...this.#malformed.keys()];
  }

  #dupOffset(i: number): number {
    const { duplicateShare, owners, seed } = this.options;
    if (owners.length < 2 || duplicateShare <= 0 || this.#malformed.has(i)) return 0;
    const h = hash3(seed, i, Salt.Dup);
    if ((h & 0xffff) >= duplicateShare * 65536) return 0;
    const offset = 1 + ((h >>> 16) % (owners.length - 1));
    return i - offset >= 0 && !this.#malformed.has(i - offset) ? offset : 0;
  }

  /**
   * The original whose type and value `i` copies (itself when original). A copy sits 1…owners-1 places after its
   * original and moves to the owner that many places further, so the copies of one original never share an owner.
   */
  sourceOf(i: number): number {
    const offset = this.#dupOffset(i);
    return offset > 0 && this.#dupOffset(i - offset) === 0 ? i - offset : i;
  }

  type(i: number): TcIndicatorType {
    const src = this.sourceOf(i);
    const k = this.#malformed.get(src);
    if (k !== undefined) return malformedValues(k).type;
    return pickType(unit(hash3(this.options.seed, src, Salt.Type)));
  }

  ownerIndex(i: number): number {
    const n = this.options.owners.length;
    const src = this.sourceOf(i);
    const base = hash3(this.options.seed, src, Salt.Owner) % n;
    return src === i ? base : (base + (i - src)) % n;
  }

  owner(i: number): TcOwner {
    return this.options.owners[this.ownerIndex(i)]!;
  }

  dateAddedSec(i: number): number {
    return this.options.referenceTimeSec - (hash3(this.options.seed, i, Salt.Added) % TWO_YEARS_SEC);
  }

  lastModifiedSec(i: number): number {
    const added = this.dateAddedSec(i);
    return added + (hash3(this.options.seed, i, Salt.Modified) % (this.options.referenceTimeSec - added + 1));
  }

  /** Whether the indicator has no rating and no confidence (`unratedShare` of them). */
  unrated(i: number): boolean {
    const share = this.options.unratedShare ?? 0;
    return share > 0 && unit(hash3(this.options.seed, i, Salt.Unrated)) < share;
  }

  rating(i: number): number | undefined {
    if (this.unrated(i)) return undefined;
    const h = hash3(this.options.seed, i, Salt.Rating);
    return (h % 6) - ((h >>> 8) % 5 === 0 && h % 6 > 0 ? 0.5 : 0);
  }

  confidence(i: number): number | undefined {
    return this.unrated(i) ? undefined : hash3(this.options.seed, i, Salt.Confidence) % 101;
  }

  threatAssessScore(i: number): number {
    return hash3(this.options.seed, i, Salt.Score) % 1001;
  }

  /** About 3 % are inactive (ThreatConnect's default queries leave them out). */
  active(i: number): boolean {
    return hash3(this.options.seed, i, Salt.Flags) % 100 >= 3;
  }

  values(i: number): ValueFields {
    const src = this.sourceOf(i);
    const k = this.#malformed.get(src);
    return k !== undefined ? malformedValues(k).values : generateValues(this.type(i), this.options.seed, src);
  }

  summary(i: number): string {
    return buildSummary({ type: this.type(i), ...this.values(i) });
  }

  tagNames(i: number): string[] {
    const r = randomFor(this.options.seed, i, Salt.Tags);
    const names: string[] = [];
    for (let n = Math.floor(r() * 5); n > 0; n -= 1) {
      const tag = TAGS[Math.floor(r() * TAGS.length)]!;
      if (!names.includes(tag)) names.push(tag);
    }
    return names;
  }

  attributes(i: number, added = isoDate(this.dateAddedSec(i)), modified = isoDate(this.lastModifiedSec(i))): TcAttribute[] {
    const r = randomFor(this.options.seed, i, Salt.Attributes);
    const out: TcAttribute[] = [];
    const add = (type: string, value: string) =>
      out.push({ id: i * 8 + out.length + 1, type, value, dateAdded: added, lastModified: modified, default: false });
    if (r() < 0.6) {
      const first = Math.floor(r() * PHASES.length);
      add('Phase of Intrusion', PHASES[first]!);
      if (r() < 0.3) add('Phase of Intrusion', PHASES[(first + 1 + Math.floor(r() * (PHASES.length - 1))) % PHASES.length]!);
    }
    if (r() < 0.5) {
      add('First Seen', added);
      add('Last Seen', modified);
    }
    if (r() < 0.3) add('Description', `Observed in ${this.owner(i).name} reporting.`);
    return out;
  }

  associatedGroups(i: number, ownerName = this.owner(i).name): TcGroupRef[] {
    const r = randomFor(this.options.seed, i, Salt.Groups);
    const out: TcGroupRef[] = [];
    for (let n = r() < 0.6 ? 0 : 1 + Math.floor(r() * 2); n > 0; n -= 1) {
      const g = Math.floor(r() * GROUPS.length);
      if (out.some((x) => x.id === 1000 + g)) continue;
      const id = 1000 + g;
      out.push({ id, name: GROUPS[g]!.name, type: GROUPS[g]!.type, ownerName, webLink: `${this.options.webBase}/#/details/groups/${id}/overview` });
    }
    return out;
  }

  securityLabels(i: number): TcSecurityLabel[] {
    const h = hash3(this.options.seed, i, Salt.Label);
    return h % 10 < 3 ? [] : [{ ...pickLabel(unit(h)) }];
  }

  /** The indicator as `GET /v3/indicators` returns it with the given `fields`. */
  build(i: number, fields: ReadonlySet<CollectionField>): TcIndicator {
    const owner = this.owner(i);
    const id = i + 1;
    const flags = hash3(this.options.seed, i, Salt.Flags);
    const type = this.type(i);
    const values = this.values(i);
    const dateAdded = isoDate(this.dateAddedSec(i));
    const lastModified = isoDate(this.lastModifiedSec(i));
    const out: TcIndicator = {
      id,
      ownerId: owner.id,
      ownerName: owner.name,
      type,
      summary: buildSummary({ type, ...values }),
      dateAdded,
      lastModified,
      webLink: `${this.options.webBase}/#/details/indicators/${id}/overview`,
      active: flags % 100 >= 3,
      falsePositiveFlag: (flags >>> 8) % 100 === 0,
      privateFlag: (flags >>> 16) % 100 < 5,
      ...values,
    };
    if (fields.has('tags')) out.tags = { data: this.tagNames(i).map((name) => ({ id: TAGS.indexOf(name as (typeof TAGS)[number]) + 1, name })) };
    if (fields.has('attributes')) out.attributes = { data: this.attributes(i, dateAdded, lastModified) };
    if (fields.has('associatedGroups')) out.associatedGroups = { data: this.associatedGroups(i, owner.name) };
    if (fields.has('securityLabels')) out.securityLabels = { data: this.securityLabels(i) };
    // An unset rating or confidence is left out, as ThreatConnect does; the threat assess fields come only with
    // `fields=threatAssess` (documented: not included by default).
    const rating = this.rating(i);
    const confidence = this.confidence(i);
    if (rating !== undefined) out.rating = rating;
    if (confidence !== undefined) out.confidence = confidence;
    if (fields.has('threatAssess'))
      Object.assign(
        out,
        { threatAssessScore: this.threatAssessScore(i) },
        threatAssessFields({ rating, confidence, threatAssessScore: this.threatAssessScore(i) }),
      );
    return out;
  }
}

/** The `fields=threatAssess` extras, derived from the indicator's own rating, confidence and score. */
export function threatAssessFields(ind: Pick<TcIndicator, 'rating' | 'confidence' | 'threatAssessScore'>): Record<string, number> {
  return {
    threatAssessRating: ind.rating ?? 0,
    threatAssessConfidence: ind.confidence ?? 0,
    threatAssessScoreObserved: Math.round((ind.threatAssessScore ?? 0) * 0.6),
    threatAssessScoreFalsePositive: 0,
  };
}
