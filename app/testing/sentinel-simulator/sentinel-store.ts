/** Where an object came from: the text of the upload that brought it, and its place in `stixobjects`. */
export interface UploadOrigin {
  text: string;
  index: number;
}

/**
 * One object as the simulated Sentinel holds it: the text it came in (its upload's, shared by the objects of a
 * batch), not the parsed object, so that a million of them cost the garbage collector ten thousand strings rather
 * than tens of millions of small objects, and storing one costs no serializing.
 */
interface StoredObject {
  origin: UploadOrigin | string;
  /** `modified` in epoch milliseconds. */
  modifiedMs: number;
  sourceSystem: string;
  /** How many times an upload replaced it with a newer version. */
  versions: number;
  /** When it was first stored, and last changed (by an upload or by `alter`), epoch ms. */
  firstIngestedMs: number;
  lastUpdatedMs: number;
}

/** One stored object as the management API lists it. */
export interface ListedObject {
  id: string;
  sourceSystem: string;
  object: Record<string, unknown>;
  firstIngestedMs: number;
  lastUpdatedMs: number;
}

/** Which stored objects a listing or count takes (all given parts must hold). */
export interface StoreFilter {
  match?: (o: { sourceSystem: string; id: string; lastUpdatedMs: number }) => boolean;
  /** The STIX type (`indicator`…). */
  type?: string;
}

export type StoreOutcome = 'created' | 'updated' | 'stale';

export class SentinelStore {
  readonly #objects = new Map<string, StoredObject>();
  /** Keys in the order they were first stored (a removed key stays here, skipped): the listing's order and cursor. */
  readonly #order: string[] = [];
  created = 0;
  updated = 0;
  stale = 0;

  /** Stores an object (`origin`: the upload text it was parsed from, which is kept instead of the object). */
  put(object: Record<string, unknown>, sourceSystem: string, origin?: UploadOrigin): StoreOutcome {
    const key = `${String(object.id)}\u0000${sourceSystem}`;
    const existing = this.#objects.get(key);
    const modifiedMs = Date.parse(String(object.modified));
    const now = Date.now();
    if (!existing) {
      this.#objects.set(key, { origin: origin ?? JSON.stringify(object), modifiedMs, sourceSystem, versions: 1, firstIngestedMs: now, lastUpdatedMs: now });
      this.#order.push(key);
      this.created += 1;
      return 'created';
    }
    // Sentinel keeps the version with the later `modified`; an equal or older one changes nothing.
    if (modifiedMs > existing.modifiedMs) {
      existing.origin = origin ?? JSON.stringify(object);
      existing.modifiedMs = modifiedMs;
      existing.versions += 1;
      existing.lastUpdatedMs = now;
      this.updated += 1;
      return 'updated';
    }
    this.stale += 1;
    return 'stale';
  }

  get(id: string, sourceSystem: string): Record<string, unknown> | undefined {
    const stored = this.#objects.get(`${id}\u0000${sourceSystem}`);
    return stored && objectOf(stored.origin, new Map());
  }

  /** Every stored object, optionally of one source. */
  all(sourceSystem?: string): Array<Record<string, unknown>> {
    const uploads = new Map<string, Array<Record<string, unknown>>>();
    return [...this.#objects.values()].filter((s) => sourceSystem === undefined || s.sourceSystem === sourceSystem).map((s) => objectOf(s.origin, uploads));
  }

  /** Objects not revoked and whose valid_until (if any) is after `at`. */
  active(at: Date, sourceSystem?: string): Array<Record<string, unknown>> {
    return this.all(sourceSystem).filter((o) => o.revoked !== true && (o.valid_until === undefined || Date.parse(String(o.valid_until)) > at.getTime()));
  }

  get size(): number {
    return this.#objects.size;
  }

  /** Removes an object (as someone deleting it in Sentinel would); true if it was there. */
  remove(id: string, sourceSystem: string): boolean {
    return this.#objects.delete(`${id}\u0000${sourceSystem}`);
  }

  /**
   * Changes a stored object in place, as an ingestion rule would (e.g. a longer `valid_until`), without a new
   * `modified`; true if it was there.
   */
  alter(id: string, sourceSystem: string, change: (object: Record<string, unknown>) => void): boolean {
    const stored = this.#objects.get(`${id}\u0000${sourceSystem}`);
    if (!stored) return false;
    const object = objectOf(stored.origin, new Map());
    change(object);
    stored.origin = JSON.stringify(object);
    stored.lastUpdatedMs = Date.now();
    return true;
  }

  /**
   * Up to `limit` objects matching `filter`, from position `cursor` of the storage order on; `next` is where the
   * following page starts (undefined at the end). Consecutive objects mostly share an upload, parsed once here.
   */
  list(filter: StoreFilter, cursor: number, limit: number): { items: ListedObject[]; next?: number } {
    const items: ListedObject[] = [];
    const uploads = new Map<string, Array<Record<string, unknown>>>();
    let at = Math.max(0, cursor);
    for (; at < this.#order.length && items.length < limit; at += 1) {
      const key = this.#order[at]!;
      const stored = this.#objects.get(key);
      if (!stored || !this.#matches(key, stored, filter)) continue;
      const object = objectOf(stored.origin, uploads);
      if (filter.type !== undefined && object.type !== filter.type) continue;
      if (uploads.size > 8) uploads.clear();
      items.push({
        id: key.slice(0, key.indexOf('\u0000')),
        sourceSystem: stored.sourceSystem,
        object,
        firstIngestedMs: stored.firstIngestedMs,
        lastUpdatedMs: stored.lastUpdatedMs,
      });
    }
    return { items, ...(at < this.#order.length ? { next: at } : {}) };
  }

  /** How many objects match `filter`. */
  count(filter: StoreFilter): number {
    let n = 0;
    for (const [key, stored] of this.#objects) {
      if (!this.#matches(key, stored, filter)) continue;
      if (filter.type !== undefined && objectOf(stored.origin, new Map()).type !== filter.type) continue;
      n += 1;
    }
    return n;
  }

  #matches(key: string, stored: StoredObject, filter: StoreFilter): boolean {
    return !filter.match || filter.match({ sourceSystem: stored.sourceSystem, id: key.slice(0, key.indexOf('\u0000')), lastUpdatedMs: stored.lastUpdatedMs });
  }

  clear(): void {
    this.#order.length = 0;
    this.#objects.clear();
    this.created = this.updated = this.stale = 0;
  }
}

/** Parses a stored object (each upload text once per `uploads`). */
function objectOf(origin: UploadOrigin | string, uploads: Map<string, Array<Record<string, unknown>>>): Record<string, unknown> {
  if (typeof origin === 'string') return JSON.parse(origin) as Record<string, unknown>;
  let objects = uploads.get(origin.text);
  if (!objects) {
    objects = (JSON.parse(origin.text) as { stixobjects: Array<Record<string, unknown>> }).stixobjects;
    uploads.set(origin.text, objects);
  }
  return objects[origin.index]!;
}
