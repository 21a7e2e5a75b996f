import type { IndicatorFacts } from './indicator-facts';
import type { IndicatorStore } from './indicator-store';
import { SimError } from './sim-error';
import { compareLevel, parseSorting, sortIds, type SortLevel } from './sort-ids';
import { compileTql, type CompiledTql } from './tql/compile-tql';
import type { TqlLiteral, TqlNode } from './tql/parse-tql';
import { parseTqlDate } from './tql/parse-tql-date';
import { TqlError } from './tql/tql-error';

export interface IndicatorQuery {
  tql?: string;
  /** The `owner` parameter: one owner name. */
  owner?: string;
  sorting?: string;
}

/** The part of the result one request asks for. */
export interface QueryWindow {
  start: number;
  limit: number;
  /** Whether the total is wanted (`count=true`): the whole result is then counted. */
  count: boolean;
}

export interface QueryAnswer {
  /** The ids of the window, in order. */
  ids: number[];
  /** The size of the whole result, when it was counted. */
  total?: number;
  /** Whether anything follows the window. */
  more: boolean;
}

/** Orders and result lists kept between requests (a paged read asks the same query again for every page). */
const CACHE_SIZE = 8;

/** Where a keyset page starts: after this row in the order (its values on the sort's levels, and its id). */
interface Seek {
  values: Array<number | string | undefined>;
  id: number;
}

/** A small cache, most recently used last; any change to the store makes its entries stale. */
class Cache<T> {
  readonly #items = new Map<string, { version: number; value: T }>();

  get(key: string, version: number): T | undefined {
    const hit = this.#items.get(key);
    if (!hit || hit.version !== version) return undefined;
    this.#items.delete(key);
    this.#items.set(key, hit);
    return hit.value;
  }

  set(key: string, version: number, value: T): void {
    this.#items.set(key, { version, value });
    while (this.#items.size > CACHE_SIZE) this.#items.delete(this.#items.keys().next().value!);
  }
}

function literalValue(field: string, lit: TqlLiteral): number | string | undefined {
  if (field === 'dateadded' || field === 'lastmodified') {
    const ms = lit.type === 'string' ? parseTqlDate(lit.value) : undefined;
    return ms === undefined ? undefined : Math.floor(ms / 1000);
  }
  return lit.type === 'boolean' ? undefined : lit.value;
}

/** The conjuncts of a query's top-level `and`s. */
function conjuncts(node: TqlNode): TqlNode[] {
  return node.kind === 'and' ? [...conjuncts(node.left), ...conjuncts(node.right)] : [node];
}

const isCompare = (n: TqlNode, field: string, op: string): n is Extract<TqlNode, { kind: 'compare' }> =>
  n.kind === 'compare' && !n.negate && n.field.toLowerCase() === field && n.op === op;

/**
 * The row a keyset page resumes after, when the query holds the condition of one on this order (as an index on
 * the sort's fields would be used by a database): `id > N` on an id order, or `(F > V or (F = V and id > N))`
 * (`<` when descending) on an order by F then id.
 */
function keysetSeek(tree: TqlNode | undefined, levels: readonly SortLevel[]): Seek | undefined {
  if (!tree || levels.length === 0) return undefined;
  const [first, second] = levels;
  for (const c of conjuncts(tree)) {
    if (first!.field === 'id' && levels.length === 1 && isCompare(c, 'id', first!.descending ? '<' : '>') && c.value.type === 'number') {
      return { values: [c.value.value], id: c.value.value };
    }
    if (second?.field !== 'id' || second.descending || levels.length !== 2 || c.kind !== 'or') continue;
    const field = first!.field;
    const { left, right } = c;
    if (!isCompare(left, field, first!.descending ? '<' : '>') || right.kind !== 'and') continue;
    if (!isCompare(right.left, field, '=') || !isCompare(right.right, 'id', '>') || right.right.value.type !== 'number') continue;
    const value = literalValue(field, left.value);
    if (value === undefined || value !== literalValue(field, right.left.value)) continue;
    return { values: [value, right.right.value.value], id: right.right.value.value };
  }
  return undefined;
}

/**
 * Runs indicator queries over the store: filter (owner, TQL, active-only by default) and sort. Every live indicator
 * is kept sorted once per order (until the store changes); a query walks that order, from the row a keyset page
 * resumes after when it names one, and stops once its window is full unless it must count everything.
 */
export class QueryEngine {
  readonly #orders = new Cache<Int32Array>();
  readonly #results = new Cache<Int32Array>();

  /** `readable`: whether the API user may see an owner's indicators (others never match). */
  constructor(
    private readonly store: IndicatorStore,
    private readonly readable: (owner: string) => boolean = () => true,
  ) {}

  /** The window of the query's result; throws SimError 400 for bad TQL or sorting. */
  run(query: IndicatorQuery, window: QueryWindow): QueryAnswer {
    const levels = parseSorting(query.sorting);
    let compiled: CompiledTql | undefined;
    try {
      compiled = query.tql && query.tql.trim() !== '' ? compileTql(query.tql) : undefined;
    } catch (err) {
      if (err instanceof TqlError) throw new SimError(400, err.message);
      throw err;
    }
    const owner = query.owner?.toLowerCase();
    const activeOnly = !compiled?.mentionsActive;
    const matches = (facts: IndicatorFacts) =>
      !(activeOnly && !facts.active()) &&
      !(owner !== undefined && facts.ownerName().toLowerCase() !== owner) &&
      this.readable(facts.ownerName()) &&
      (!compiled || compiled.test(facts));
    const order = this.#order(levels);
    const seek = window.count ? undefined : keysetSeek(compiled?.tree, levels);
    if (!seek) {
      const key = JSON.stringify([query.tql ?? '', query.owner ?? '', query.sorting ?? '']);
      let all = this.#results.get(key, this.store.version);
      if (!all) {
        all = this.#filter(order, 0, matches, Infinity);
        this.#results.set(key, this.store.version, all);
      }
      const ids = Array.from(all.subarray(window.start, window.start + window.limit));
      return { ids, more: window.start + window.limit < all.length, ...(window.count ? { total: all.length } : {}) };
    }
    const found = this.#filter(order, this.#after(order, levels, seek), matches, window.start + window.limit + 1);
    const ids = Array.from(found.subarray(window.start, window.start + window.limit));
    return { ids, more: found.length > window.start + window.limit };
  }

  /** Every live indicator in `levels`' order (id order when there are none), cached per order. */
  #order(levels: readonly SortLevel[]): Int32Array {
    const key = JSON.stringify(levels.map((l) => [l.field, l.descending, l.nullsFirst]));
    const hit = this.#orders.get(key, this.store.version);
    if (hit) return hit;
    const ids: number[] = [];
    this.store.scan((id) => ids.push(id));
    const all = Int32Array.from(ids);
    const facts = (id: number) => this.store.facts(id)!;
    const order = levels.length === 0 ? all : sortIds(all, facts, levels, this.store.version);
    this.#orders.set(key, this.store.version, order);
    return order;
  }

  /** The position of the first row after `seek` in the order (binary search: the order is total on these levels). */
  #after(order: Int32Array, levels: readonly SortLevel[], seek: Seek): number {
    let lo = 0;
    let hi = order.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const facts = this.store.facts(order[mid]!)!;
      let c = 0;
      for (let l = 0; l < levels.length && c === 0; l += 1) c = compareLevel(levels[l]!, levels[l]!.key(facts), seek.values[l]);
      if (c <= 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** The ids from position `from` on that match, at most `limit` of them. */
  #filter(order: Int32Array, from: number, matches: (facts: IndicatorFacts) => boolean, limit: number): Int32Array {
    const out: number[] = [];
    for (let p = from; p < order.length && out.length < limit; p += 1) {
      const facts = this.store.facts(order[p]!);
      if (facts && matches(facts)) out.push(order[p]!);
    }
    return Int32Array.from(out);
  }
}
