import type { IndicatorStore } from './indicator-store';
import { SimError } from './sim-error';
import { parseSorting, sortIds } from './sort-ids';
import { compileTql } from './tql/compile-tql';
import { TqlError } from './tql/tql-error';

export interface IndicatorQuery {
  tql?: string;
  /** The `owner` parameter: one owner name. */
  owner?: string;
  sorting?: string;
}

/** Result lists kept; a paged download re-asks the same query once per page. */
const CACHE_SIZE = 8;

/**
 * Runs indicator queries over the store: filter (owner, TQL, active-only by default), sort, and cache the result
 * as an Int32Array of ids while it is being paged. Any change to the store makes cached results stale.
 */
export class QueryEngine {
  readonly #cache = new Map<string, { version: number; ids: Int32Array }>();

  constructor(private readonly store: IndicatorStore) {}

  /** The matching ids in order; throws SimError 400 for bad TQL or sorting. */
  ids(query: IndicatorQuery): Int32Array {
    const key = JSON.stringify([query.tql ?? '', query.owner ?? '', query.sorting ?? '']);
    const hit = this.#cache.get(key);
    if (hit && hit.version === this.store.version) {
      this.#cache.delete(key); // re-insert: most recently used last
      this.#cache.set(key, hit);
      return hit.ids;
    }
    const ids = this.#run(query);
    this.#cache.set(key, { version: this.store.version, ids });
    while (this.#cache.size > CACHE_SIZE) this.#cache.delete(this.#cache.keys().next().value!);
    return ids;
  }

  #run(query: IndicatorQuery): Int32Array {
    const sorting = parseSorting(query.sorting);
    let compiled: ReturnType<typeof compileTql> | undefined;
    try {
      compiled = query.tql && query.tql.trim() !== '' ? compileTql(query.tql) : undefined;
    } catch (err) {
      if (err instanceof TqlError) throw new SimError(400, err.message);
      throw err;
    }
    const owner = query.owner?.toLowerCase();
    const activeOnly = !compiled?.mentionsActive;
    let ids = new Int32Array(1024);
    let n = 0;
    const keys: Array<number | string> = [];
    this.store.scan((id, facts) => {
      if (activeOnly && !facts.active()) return;
      if (owner !== undefined && facts.ownerName().toLowerCase() !== owner) return;
      if (compiled && !compiled.test(facts)) return;
      if (n === ids.length) {
        const grown = new Int32Array(ids.length * 2);
        grown.set(ids);
        ids = grown;
      }
      ids[n] = id;
      n += 1;
      if (sorting) keys.push(sorting.key(facts));
    });
    const matched = ids.slice(0, n);
    return sorting ? sortIds(matched, keys, sorting.descending) : matched;
  }
}
