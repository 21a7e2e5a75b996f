import { KeySet, uuidDigest } from '../files/key-set';

/** What to keep of one downloaded indicator, by the STIX ids of the objects it becomes. */
export type DedupeVerdict =
  | { keep: 'all' } // every STIX object it becomes is new
  | { keep: 'some'; ids: Set<string> } // a File sharing some hashes with an earlier one: only the new hashes
  | { keep: 'none' }; // a duplicate of what an earlier configuration, or an earlier row, already gave

/**
 * Deduplicates indicators across configurations and owners by the deterministic STIX ids of the objects they
 * become: two indicators are duplicates exactly when they would be the same object in Sentinel. The first copy
 * seen wins, so callers must feed configurations in priority order and each in its sort order.
 * @example const d = new Deduplicator(); d.check(readIndicator(indicator, source).ids).keep
 */
export class Deduplicator {
  readonly #seen = new KeySet(uuidDigest);

  check(ids: readonly string[]): DedupeVerdict {
    const fresh = ids.filter((id) => this.#seen.add(id));
    if (fresh.length === 0) return { keep: 'none' };
    return fresh.length === ids.length ? { keep: 'all' } : { keep: 'some', ids: new Set(fresh) };
  }

  get size(): number {
    return this.#seen.size;
  }
}
