import type { IndicatorFacts } from './indicator-facts';
import { SimError } from './sim-error';

/** Fields `sorting` accepts, with the key each sorts on (numbers scaled to integers; see packedSort). */
const SORT_KEYS: Record<string, (f: IndicatorFacts) => number | string> = {
  id: (f) => f.id(),
  dateadded: (f) => Math.floor(f.dateAdded() / 1000),
  lastmodified: (f) => Math.floor(f.lastModified() / 1000),
  rating: (f) => Math.round(f.rating() * 100),
  confidence: (f) => Math.round(f.confidence() * 100),
  threatassessscore: (f) => Math.round(f.threatAssessScore() * 100),
  summary: (f) => f.summary().toLowerCase(),
};

export interface Sorting {
  key: (f: IndicatorFacts) => number | string;
  descending: boolean;
}

/** Parses `"<field> asc|desc"` (direction optional, default asc); 400 for anything else. */
export function parseSorting(text: string | undefined): Sorting | undefined {
  if (text === undefined || text.trim() === '') return undefined;
  const [field = '', direction = 'asc', ...rest] = text.trim().split(/\s+/);
  const key = SORT_KEYS[field.toLowerCase()];
  if (!key) throw new SimError(400, `Invalid sorting field: ${field}`);
  if (rest.length > 0 || !/^(asc|desc)$/i.test(direction)) throw new SimError(400, `Invalid sorting direction: ${text}`);
  return { key, descending: direction.toLowerCase() === 'desc' };
}

const POSITION_BITS = 2 ** 22;

/**
 * Orders `ids` (ascending on entry) by `keys`, ties by id. Integer keys and positions pack into one float64 so the
 * engine's native numeric sort does the work (a million rows in well under a second); otherwise a comparator sort.
 */
export function sortIds(ids: Int32Array, keys: Array<number | string>, descending: boolean): Int32Array {
  const n = ids.length;
  const sign = descending ? -1 : 1;
  const numeric = keys.every((k) => typeof k === 'number' && Number.isSafeInteger(k) && Math.abs(k) < 2 ** 31);
  if (numeric && n < POSITION_BITS) {
    const packed = new Float64Array(n);
    for (let p = 0; p < n; p += 1) packed[p] = sign * (keys[p] as number) * POSITION_BITS + p;
    packed.sort();
    const out = new Int32Array(n);
    for (let p = 0; p < n; p += 1) {
      const v = packed[p]!;
      out[p] = ids[v - Math.floor(v / POSITION_BITS) * POSITION_BITS]!;
    }
    return out;
  }
  const order = Array.from({ length: n }, (_, p) => p);
  order.sort((a, b) => {
    const [x, y] = [keys[a]!, keys[b]!];
    return x < y ? -sign : x > y ? sign : a - b;
  });
  return Int32Array.from(order, (p) => ids[p]!);
}
