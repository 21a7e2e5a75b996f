import { dedupeKeys } from '../stix';
import { KeySet } from './key-set';
import type { TcIndicator } from '../../sdk/threatconnect/types';

/** What to keep of one downloaded indicator. */
export type DedupeVerdict =
  | { keep: 'all' } // every STIX object it becomes is new (or it cannot be keyed: conversion will report it)
  | { keep: 'some'; keys: string[] } // a File sharing some hashes with an earlier one: only the new hashes
  | { keep: 'none' }; // a duplicate of what an earlier configuration, or an earlier row, already gave

/**
 * Deduplicates indicators across configurations and owners: the first copy seen wins, so callers must feed
 * configurations in priority order and each in its sort order.
 * @example const d = new Deduplicator(); d.check(indicator).keep
 */
export class Deduplicator {
  readonly #seen = new KeySet();

  check(indicator: TcIndicator): DedupeVerdict {
    const result = dedupeKeys(indicator);
    if (!result.ok) return { keep: 'all' };
    const fresh = result.keys.filter((k) => this.#seen.add(k));
    if (fresh.length === 0) return { keep: 'none' };
    return fresh.length === result.keys.length ? { keep: 'all' } : { keep: 'some', keys: fresh };
  }

  get size(): number {
    return this.#seen.size;
  }
}
