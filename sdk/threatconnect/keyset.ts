import { formatTqlDate, tqlString } from './tql';

/**
 * How a keyset read orders a v3 list and resumes it: by a sort field, then by `id` (multi-level sorting, one
 * `sorting` parameter with whitespace between the pairs, as ThreatConnect documents it), each page asking for what
 * comes after the previous page's last item, in TQL. Unlike `resultStart` offsets, that key cannot shift when
 * indicators are added or deleted while the pages are read.
 */
export interface KeysetSort {
  /** A TQL keyword that `sorting` accepts. */
  field: string;
  direction: 'asc' | 'desc';
}

/** How a sort field's values are written in TQL, and whether an item may lack one. */
interface FieldKind {
  kind: 'id' | 'number' | 'date' | 'string';
  /**
   * Indicators may have no value (ThreatConnect omits an unset rating, confidence or threat assess score): those are
   * read after the others, by id alone (`<field> is null`), since where `sorting` puts them is not documented.
   */
  nullable: boolean;
}

/** The indicator sort fields a keyset read knows (lower-cased TQL keywords). */
const FIELDS: Readonly<Record<string, FieldKind>> = {
  id: { kind: 'id', nullable: false },
  dateadded: { kind: 'date', nullable: false },
  lastmodified: { kind: 'date', nullable: false },
  summary: { kind: 'string', nullable: false },
  rating: { kind: 'number', nullable: true },
  confidence: { kind: 'number', nullable: true },
  threatassessscore: { kind: 'number', nullable: true },
};

/**
 * The lowest value of the nullable numeric fields (rating 0–5, confidence 0–100, threat assess score 0–1000): a read
 * of the items that have a value filters on `<field> >= 0`, which no unset field meets.
 */
export const NULLABLE_FIELD_FLOOR = 0;

/** Where a keyset read stands: which part (items with a value, then items without) and after which item. */
export interface KeysetCursor {
  phase: 'values' | 'nulls';
  /** The sort value and id of the last item read in this phase; absent before the phase's first page. */
  after?: { value: string | number; id: number };
}

function fieldKind(field: string): FieldKind {
  const kind = FIELDS[field.toLowerCase()];
  if (!kind) throw new Error(`cannot page by ${JSON.stringify(field)}: a keyset read sorts by ${Object.keys(FIELDS).join(', ')}`);
  return kind;
}

function literal(kind: FieldKind['kind'], value: string | number): string {
  if (kind === 'id' || kind === 'number') return String(value);
  if (kind === 'date') return tqlString(formatTqlDate(new Date(value)));
  return tqlString(String(value));
}

/**
 * The TQL and `sorting` of one page: `tql` (the caller's query, kept whole in parentheses) and the cursor's
 * condition.
 * @example keysetQuery('rating >= 3', { field: 'dateAdded', direction: 'asc' }, { phase: 'values', after: { value: '2024-01-02T03:04:05Z', id: 7 } })
 *   // { tql: '(rating >= 3) and (dateAdded > "2024-01-02 03:04:05" or (dateAdded = "2024-01-02 03:04:05" and id > 7))', sorting: 'dateAdded asc id asc' }
 */
export function keysetQuery(tql: string, sort: KeysetSort, cursor: KeysetCursor = { phase: 'values' }): { tql: string; sorting: string } {
  const { kind, nullable } = fieldKind(sort.field);
  const conditions: string[] = [];
  let sorting: string;
  const after = cursor.after;
  if (kind === 'id') {
    sorting = `id ${sort.direction}`;
    if (after) conditions.push(`id ${sort.direction === 'asc' ? '>' : '<'} ${after.id}`);
  } else if (cursor.phase === 'nulls') {
    sorting = 'id asc';
    conditions.push(`${sort.field} is null`);
    if (after) conditions.push(`id > ${after.id}`);
  } else {
    sorting = `${sort.field} ${sort.direction} id asc`;
    if (nullable) conditions.push(`${sort.field} >= ${NULLABLE_FIELD_FLOOR}`);
    if (after) {
      const v = literal(kind, after.value);
      conditions.push(`(${sort.field} ${sort.direction === 'asc' ? '>' : '<'} ${v} or (${sort.field} = ${v} and id > ${after.id}))`);
    }
  }
  const base = tql.trim();
  const parts = [...(base ? [`(${base})`] : []), ...conditions];
  return { tql: parts.join(' and '), sorting };
}

/** The sort value of an item as the list wrote it, when it has one. */
function valueOf(item: Record<string, unknown>, field: string): string | number | undefined {
  const key = Object.keys(item).find((k) => k.toLowerCase() === field.toLowerCase());
  const value = key === undefined ? undefined : item[key];
  return typeof value === 'number' || typeof value === 'string' ? value : undefined;
}

/** Negative, zero or positive as `a` comes before, with or after `b` in the read's order. */
function compareKeys(
  kind: FieldKind['kind'],
  direction: 'asc' | 'desc',
  a: { value: string | number; id: number },
  b: { value: string | number; id: number },
): number {
  if (kind === 'id') return (direction === 'asc' ? 1 : -1) * (a.id - b.id);
  const [x, y] = kind === 'date' ? [Date.parse(String(a.value)), Date.parse(String(b.value))] : [a.value, b.value];
  const byValue = x < y ? -1 : x > y ? 1 : 0;
  return byValue !== 0 ? (direction === 'asc' ? byValue : -byValue) : a.id - b.id;
}

/**
 * Where the read goes after a page of `size` items (of at most `limit`) whose last item is `last`: on in this
 * phase, on to the items without a value, or done (undefined). Throws when the page does not move past the cursor
 * (a server that ignored it would otherwise be read for ever).
 */
export function nextKeysetCursor(
  sort: KeysetSort,
  cursor: KeysetCursor,
  page: { size: number; limit: number; last?: Record<string, unknown> },
): KeysetCursor | undefined {
  const { kind, nullable } = fieldKind(sort.field);
  if (page.size < page.limit) return cursor.phase === 'values' && nullable && kind !== 'id' ? { phase: 'nulls' } : undefined;
  const id = page.last?.id;
  if (typeof id !== 'number') throw new Error('a page of the keyset read has no id on its last item');
  const value = cursor.phase === 'nulls' || kind === 'id' ? id : valueOf(page.last!, sort.field);
  if (value === undefined) throw new Error(`the last item of a page has no ${sort.field}, which the read is sorted by`);
  const after = { value, id };
  if (kind === 'date' && Number.isNaN(Date.parse(String(value)))) throw new Error(`${sort.field} ${JSON.stringify(value)} is not a date`);
  const order = cursor.phase === 'nulls' ? { kind: 'id' as const, direction: 'asc' as const } : { kind, direction: sort.direction };
  if (cursor.after && compareKeys(order.kind, order.direction, after, cursor.after) <= 0) {
    throw new Error(`ThreatConnect answered a page that does not move past the previous one (${sort.field} ${JSON.stringify(value)}, id ${id})`);
  }
  return { phase: cursor.phase, after };
}
