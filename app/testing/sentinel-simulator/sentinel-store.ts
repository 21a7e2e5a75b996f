/**
 * One object as the simulated Sentinel holds it: its JSON text, not the parsed object, so that a million of them
 * are a million strings to the garbage collector rather than tens of millions of small objects.
 */
interface StoredObject {
  json: string;
  /** `modified` in epoch milliseconds. */
  modifiedMs: number;
  sourceSystem: string;
  /** How many times an upload replaced it with a newer version. */
  versions: number;
}

export type StoreOutcome = 'created' | 'updated' | 'stale';

export class SentinelStore {
  readonly #objects = new Map<string, StoredObject>();
  created = 0;
  updated = 0;
  stale = 0;

  put(object: Record<string, unknown>, sourceSystem: string): StoreOutcome {
    const key = `${String(object.id)}\u0000${sourceSystem}`;
    const existing = this.#objects.get(key);
    const modifiedMs = Date.parse(String(object.modified));
    if (!existing) {
      this.#objects.set(key, { json: JSON.stringify(object), modifiedMs, sourceSystem, versions: 1 });
      this.created += 1;
      return 'created';
    }
    // Sentinel keeps the version with the later `modified`; an equal or older one changes nothing.
    if (modifiedMs > existing.modifiedMs) {
      existing.json = JSON.stringify(object);
      existing.modifiedMs = modifiedMs;
      existing.versions += 1;
      this.updated += 1;
      return 'updated';
    }
    this.stale += 1;
    return 'stale';
  }

  get(id: string, sourceSystem: string): Record<string, unknown> | undefined {
    const stored = this.#objects.get(`${id}\u0000${sourceSystem}`);
    return stored && (JSON.parse(stored.json) as Record<string, unknown>);
  }

  /** Every stored object, optionally of one source. */
  all(sourceSystem?: string): Array<Record<string, unknown>> {
    return [...this.#objects.values()]
      .filter((s) => sourceSystem === undefined || s.sourceSystem === sourceSystem)
      .map((s) => JSON.parse(s.json) as Record<string, unknown>);
  }

  /** Objects not revoked and whose valid_until (if any) is after `at`. */
  active(at: Date, sourceSystem?: string): Array<Record<string, unknown>> {
    return this.all(sourceSystem).filter((o) => o.revoked !== true && (o.valid_until === undefined || Date.parse(String(o.valid_until)) > at.getTime()));
  }

  get size(): number {
    return this.#objects.size;
  }

  clear(): void {
    this.#objects.clear();
    this.created = this.updated = this.stale = 0;
  }
}
