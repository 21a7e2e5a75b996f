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
}

export type StoreOutcome = 'created' | 'updated' | 'stale';

export class SentinelStore {
  readonly #objects = new Map<string, StoredObject>();
  created = 0;
  updated = 0;
  stale = 0;

  /** Stores an object (`origin`: the upload text it was parsed from, which is kept instead of the object). */
  put(object: Record<string, unknown>, sourceSystem: string, origin?: UploadOrigin): StoreOutcome {
    const key = `${String(object.id)}\u0000${sourceSystem}`;
    const existing = this.#objects.get(key);
    const modifiedMs = Date.parse(String(object.modified));
    if (!existing) {
      this.#objects.set(key, { origin: origin ?? JSON.stringify(object), modifiedMs, sourceSystem, versions: 1 });
      this.created += 1;
      return 'created';
    }
    // Sentinel keeps the version with the later `modified`; an equal or older one changes nothing.
    if (modifiedMs > existing.modifiedMs) {
      existing.origin = origin ?? JSON.stringify(object);
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
    return stored && objectOf(stored.origin, new Map());
  }

  /** Every stored object, optionally of one source. */
  all(sourceSystem?: string): Array<Record<string, unknown>> {
    const uploads = new Map<string, Array<Record<string, unknown>>>();
    return [...this.#objects.values()]
      .filter((s) => sourceSystem === undefined || s.sourceSystem === sourceSystem)
      .map((s) => objectOf(s.origin, uploads));
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
