import type { IndicatorFacts } from './indicator-facts';
import { SimError } from './sim-error';

type SortValue = number | string | undefined;

/** Fields `sorting` accepts, with the value each sorts on (undefined: the indicator has none, a null). */
const SORT_KEYS: Record<string, (f: IndicatorFacts) => SortValue> = {
  id: (f) => f.id(),
  dateadded: (f) => Math.floor(f.dateAdded() / 1000),
  lastmodified: (f) => Math.floor(f.lastModified() / 1000),
  rating: (f) => f.rating(),
  confidence: (f) => f.confidence(),
  threatassessscore: (f) => f.threatAssessScore(),
  summary: (f) => f.summary(),
};

/** One level of a sort: a field, its direction, and where its nulls go. */
export interface SortLevel {
  field: string;
  key: (f: IndicatorFacts) => SortValue;
  descending: boolean;
  nullsFirst: boolean;
}

const DIRECTIONS = new Set(['asc', 'desc']);
const NULLS = new Set(['nullsfirst', 'nullslast']);

/**
 * Parses `sorting`: fields each followed by keywords (`asc`, `desc`, `nullsfirst`, `nullslast`), all separated by
 * whitespace, as ThreatConnect documents multi-level sorting (`ownerName asc confidence desc`, `rating nullslast`).
 * Nulls go last in ascending order and first in descending order unless a keyword says otherwise (the database's
 * default). 400 for anything else.
 */
export function parseSorting(text: string | undefined): SortLevel[] {
  const words = text?.trim() ? text.trim().split(/\s+/) : [];
  const levels: SortLevel[] = [];
  for (let i = 0; i < words.length;) {
    const field = words[i]!;
    const key = SORT_KEYS[field.toLowerCase()];
    if (!key) throw new SimError(400, `Invalid sorting field: ${field}`);
    i += 1;
    let descending = false;
    let nulls: boolean | undefined;
    while (i < words.length && (DIRECTIONS.has(words[i]!.toLowerCase()) || NULLS.has(words[i]!.toLowerCase()))) {
      const word = words[i]!.toLowerCase();
      if (DIRECTIONS.has(word)) descending = word === 'desc';
      else nulls = word === 'nullsfirst';
      i += 1;
    }
    if (i < words.length && !SORT_KEYS[words[i]!.toLowerCase()]) throw new SimError(400, `Invalid sorting: ${text}`);
    levels.push({ field: field.toLowerCase(), key, descending, nullsFirst: nulls ?? descending });
  }
  return levels;
}

/** Compares two values of one level, in that level's order (nulls where the level puts them). */
export function compareLevel(level: SortLevel, a: SortValue, b: SortValue): number {
  if (a === undefined || b === undefined) {
    if (a === b) return 0;
    return (a === undefined) === level.nullsFirst ? -1 : 1;
  }
  const order = a < b ? -1 : a > b ? 1 : 0;
  return level.descending ? -order : order;
}

/** A shuffle of ids that changes with every change to the data: the order of ties, which nothing documents. */
function tieRank(id: number, salt: number): number {
  let h = Math.imul(id ^ salt, 0x9e3779b1);
  h ^= h >>> 15;
  h = Math.imul(h, 0x85ebca6b);
  return (h ^ (h >>> 13)) >>> 0;
}

/**
 * Orders `ids` by `levels`. Rows equal on every level come in an order of their own that is neither id order nor
 * stable across changes to the data (`salt` moves with them), as ThreatConnect documents no order for ties and warns
 * that offsets shift: a reader that wants a total order must sort by id as well.
 */
export function sortIds(ids: Int32Array, facts: (id: number) => IndicatorFacts, levels: readonly SortLevel[], salt: number): Int32Array {
  const n = ids.length;
  const keys = levels.map((level) => {
    const values = new Array<SortValue>(n);
    for (let p = 0; p < n; p += 1) values[p] = level.key(facts(ids[p]!));
    return values;
  });
  const ties = new Uint32Array(n);
  for (let p = 0; p < n; p += 1) ties[p] = tieRank(ids[p]!, salt);
  const order = new Uint32Array(n);
  for (let p = 0; p < n; p += 1) order[p] = p;
  order.sort((a, b) => {
    for (let l = 0; l < levels.length; l += 1) {
      const c = compareLevel(levels[l]!, keys[l]![a], keys[l]![b]);
      if (c !== 0) return c;
    }
    return ties[a]! - ties[b]! || a - b;
  });
  return Int32Array.from(order, (p) => ids[p]!);
}
