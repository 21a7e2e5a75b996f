import type { TcDeletedIndicator, TcIndicator } from '../../threatconnect/types';
import { buildSummary, VALUE_FIELDS } from './generate/build-summary';
import { COLLECTION_FIELDS, threatAssessFields, type CollectionField, type IndicatorGenerator } from './generate/indicator-generator';
import { GeneratedFacts, ObjectFacts, type IndicatorFacts } from './indicator-facts';

const ALL_FIELDS: ReadonlySet<CollectionField> = new Set(COLLECTION_FIELDS);
const THREAT_ASSESS_KEYS = Object.keys(threatAssessFields({}));

/** A deleted indicator as the simulator remembers it (the API answers only `toDeletedEntry` of it). */
export interface DeletedRecord {
  id: number;
  type: string;
  summary: string;
  ownerName: string;
  dateDeleted: string;
}

/** What `GET /v3/indicators/deleted` shows of a deletion: owner, when it was listed, type and summary; no id. */
export function toDeletedEntry(record: DeletedRecord): TcDeletedIndicator {
  return { ownerName: record.ownerName, dateAdded: record.dateDeleted, type: record.type, summary: record.summary };
}

/** ISO-8601 without milliseconds, as ThreatConnect writes dates. */
export function isoSeconds(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

/** Keeps only the collections asked for (a stored indicator holds them all) and leaves out what is unset. */
function project(indicator: TcIndicator, fields: ReadonlySet<CollectionField>): TcIndicator {
  const out: Record<string, unknown> = { ...indicator };
  for (const f of COLLECTION_FIELDS) if (!fields.has(f)) delete out[f];
  if (!fields.has('threatAssess')) for (const k of [...THREAT_ASSESS_KEYS, 'threatAssessScore']) delete out[k];
  else if (indicator.threatAssessScore !== undefined) Object.assign(out, threatAssessFields(indicator));
  for (const [k, v] of Object.entries(out)) if (v === undefined || v === null) delete out[k];
  return out as unknown as TcIndicator;
}

/**
 * The simulator's indicators: the generated ones (ids 1…count) plus overrides. Only changes are stored: updated
 * and added indicators as whole objects, deletions as tombstones. `version` moves on every change so cached query
 * results know they are stale.
 */
export class IndicatorStore {
  readonly #overrides = new Map<number, TcIndicator>();
  readonly #deleted = new Map<number, DeletedRecord>();
  /** UTF-8 JSON of each generated indicator with every collection, when `prerender` made them. */
  #rendered: RenderedIndicators | undefined;
  #nextId: number;
  version = 0;

  constructor(
    readonly generator: IndicatorGenerator,
    private readonly nowMs: () => number = Date.now,
  ) {
    this.#nextId = generator.count + 1;
    this.#generatedFacts = new GeneratedFacts(generator);
  }

  get(id: number, fields: ReadonlySet<CollectionField> = ALL_FIELDS): TcIndicator | undefined {
    if (this.#deleted.has(id)) return undefined;
    const stored = this.#overrides.get(id);
    if (stored) return project(stored, fields);
    return Number.isInteger(id) && id >= 1 && id <= this.generator.count ? this.generator.build(id - 1, fields) : undefined;
  }

  /** The indicator's JSON (UTF-8) as `GET /v3/indicators` writes it with the given `fields`. */
  json(id: number, fields: ReadonlySet<CollectionField> = ALL_FIELDS): Buffer | undefined {
    const rendered = this.#rendered;
    if (rendered && fields.size === ALL_FIELDS.size && !this.#deleted.has(id) && !this.#overrides.has(id)) {
      const bytes = rendered.get(id - 1);
      if (bytes !== undefined) return bytes;
    }
    const indicator = this.get(id, fields);
    return indicator && Buffer.from(JSON.stringify(indicator));
  }

  /**
   * Renders every generated indicator's JSON (with all collections) now, into large buffers outside the heap,
   * so that serving a page later is a copy of bytes: a benchmark's clock then measures the client, not the
   * simulator sharing its machine.
   */
  prerender(): void {
    const rendered = new RenderedIndicators(this.generator.count);
    for (let i = 0; i < this.generator.count; i += 1) rendered.add(i, JSON.stringify(this.generator.build(i, ALL_FIELDS)));
    this.#rendered = rendered;
  }

  update(id: number, changes: Partial<TcIndicator>): TcIndicator {
    const current = this.get(id);
    if (!current) throw new Error(`indicator ${id} does not exist`);
    const merged: TcIndicator = { ...current, ...changes, id, lastModified: isoSeconds(this.nowMs()) };
    const valueChanged = Object.keys(changes).some((k) => k === 'type' || (VALUE_FIELDS[merged.type] ?? []).includes(k as keyof TcIndicator));
    if (valueChanged && changes.summary === undefined) merged.summary = buildSummary(merged);
    this.#overrides.set(id, merged);
    this.version += 1;
    return merged;
  }

  delete(id: number): DeletedRecord {
    const current = this.get(id);
    if (!current) throw new Error(`indicator ${id} does not exist`);
    const record: DeletedRecord = { id, type: current.type, summary: current.summary, ownerName: current.ownerName, dateDeleted: isoSeconds(this.nowMs()) };
    this.#overrides.delete(id);
    this.#deleted.set(id, record);
    this.version += 1;
    return record;
  }

  /** Adds an indicator; `type` and its value fields are needed, the rest gets defaults. */
  add(partial: Partial<TcIndicator> & { type: string }, owner: { id: number; name: string }, webBase: string): TcIndicator {
    const id = this.#nextId;
    this.#nextId += 1;
    const now = isoSeconds(this.nowMs());
    const indicator: TcIndicator = {
      ownerId: owner.id,
      ownerName: owner.name,
      dateAdded: now,
      lastModified: now,
      webLink: `${webBase}/#/details/indicators/${id}/overview`,
      active: true,
      falsePositiveFlag: false,
      privateFlag: false,
      tags: { data: [] },
      attributes: { data: [] },
      associatedGroups: { data: [] },
      securityLabels: { data: [] },
      ...partial,
      id,
      summary: partial.summary ?? buildSummary(partial),
    };
    this.#overrides.set(id, indicator);
    this.version += 1;
    return indicator;
  }

  deletedRecords(): Iterable<DeletedRecord> {
    return this.#deleted.values();
  }

  /** The facts of a live indicator (a generated one's facts object is reused between calls), or undefined. */
  facts(id: number): IndicatorFacts | undefined {
    if (this.#deleted.has(id)) return undefined;
    const stored = this.#overrides.get(id);
    if (stored) return new ObjectFacts(stored);
    return id >= 1 && id <= this.generator.count ? this.#generatedFacts.at(id - 1) : undefined;
  }

  readonly #generatedFacts: GeneratedFacts;

  /** Visits every live indicator in id order with its facts (the facts object is reused between calls). */
  scan(visit: (id: number, facts: IndicatorFacts) => void): void {
    const generated = new GeneratedFacts(this.generator);
    const plain = this.#overrides.size === 0 && this.#deleted.size === 0;
    for (let i = 0; i < this.generator.count; i += 1) {
      const id = i + 1;
      if (plain) {
        visit(id, generated.at(i));
        continue;
      }
      if (this.#deleted.has(id)) continue;
      const stored = this.#overrides.get(id);
      visit(id, stored ? new ObjectFacts(stored) : generated.at(i));
    }
    for (let id = this.generator.count + 1; id < this.#nextId; id += 1) {
      const stored = this.#overrides.get(id);
      if (stored && !this.#deleted.has(id)) visit(id, new ObjectFacts(stored));
    }
  }
}

/** Texts by index, kept as UTF-8 in 64 MiB blocks (a text longer than a block gets one of its own). */
class RenderedIndicators {
  static readonly BLOCK = 64 << 20;
  readonly #blocks: Buffer[] = [];
  /** Per index: its block, its start in it, its length (length 0: none). */
  readonly #block: Uint32Array;
  readonly #start: Uint32Array;
  readonly #length: Uint32Array;
  #used = RenderedIndicators.BLOCK;

  constructor(count: number) {
    this.#block = new Uint32Array(count);
    this.#start = new Uint32Array(count);
    this.#length = new Uint32Array(count);
  }

  add(index: number, text: string): void {
    const size = Buffer.byteLength(text);
    if (this.#used + size > (this.#blocks[this.#blocks.length - 1]?.length ?? 0)) {
      this.#blocks.push(Buffer.allocUnsafe(Math.max(RenderedIndicators.BLOCK, size)));
      this.#used = 0;
    }
    const block = this.#blocks.length - 1;
    this.#blocks[block]!.write(text, this.#used);
    this.#block[index] = block;
    this.#start[index] = this.#used;
    this.#length[index] = size;
    this.#used += size;
  }

  get(index: number): Buffer | undefined {
    const length = this.#length[index];
    if (!length) return undefined;
    const start = this.#start[index]!;
    return this.#blocks[this.#block[index]!]!.subarray(start, start + length);
  }
}
