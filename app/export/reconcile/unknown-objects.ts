import { buildRevocation } from '../../stix';
import { uploadAll } from '../../sentinel/upload-all';
import { transaction } from '../../../sdk';
import type { EngineContext } from '../engine-context';
import { unknownObjects } from './reconcile';
import type { SentEntry } from '../state/ledger';
import type { UnknownAction, UnknownResolution } from '../types';

/** Why the request cannot be done as asked (the route answers 409). */
export class UnknownObjectsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnknownObjectsError';
  }
}

/** Objects per revocation round. */
const CHUNK = 1000;

function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/**
 * What the ledger records for an object only known from Sentinel's listing. The App's own objects say where they
 * came from: the ThreatConnect id in `external_references`, the type and owner in the description's JSON.
 */
export function entryFromSentinel(object: Record<string, unknown>, lastJob: string): SentEntry {
  const refs = Array.isArray(object.external_references) ? (object.external_references as Array<Record<string, unknown>>) : [];
  const tcId = Number(refs.find((r) => r.source_name === 'ThreatConnect')?.external_id ?? 0);
  let described: Record<string, unknown> = {};
  try {
    const parsed = JSON.parse(text(object.description) ?? '{}') as unknown;
    if (parsed && typeof parsed === 'object') described = parsed as Record<string, unknown>;
  } catch {
    // Not the App's description: the type and owner stay unknown.
  }
  const modified = text(object.modified) ?? new Date(0).toISOString();
  return {
    stixId: String(object.id),
    tcType: text(described.type) ?? '',
    tcId: Number.isFinite(tcId) ? tcId : 0,
    owner: text(described.ownerName) ?? '',
    pattern: text(object.pattern) ?? '',
    name: text(object.name) ?? '',
    created: text(object.created) ?? modified,
    digest: null,
    validFrom: text(object.valid_from) ?? modified,
    validUntil: text(object.valid_until) ?? modified,
    modified,
    lastJob,
  };
}

/**
 * Resolves the unknown objects the last listing found, all of them, only when `count` is how many there are (the
 * confirmation names what the person saw):
 * - `adopt`: the ledger takes them as they are in Sentinel (a ledger lost or restored from an older copy is
 *   rebuilt): a later full update then revokes those no configuration returns, through the revoke guard;
 * - `revoke`: each is re-sent revoked (same id and pattern, a later `modified`), then recorded as revoked.
 * Logged; the drift rows go as each object is resolved.
 */
export async function resolveUnknown(ctx: EngineContext, action: UnknownAction, count: number, signal?: AbortSignal): Promise<UnknownResolution> {
  const present = Number((ctx.db.prepare("SELECT COUNT(*) AS n FROM drift WHERE kind = 'unknown'").get() as { n: number }).n);
  if (present === 0) throw new UnknownObjectsError('There are no unknown objects to resolve (run a reconciliation first)');
  if (count !== present)
    throw new UnknownObjectsError(`The last reconciliation found ${present} unknown objects, not ${count}: look at them again, then confirm that number`);
  const dropDrift = ctx.db.prepare("DELETE FROM drift WHERE stix_id = ? AND kind = 'unknown'");
  const label = action === 'adopt' ? 'reconcile-adopt' : 'reconcile-revoke';
  const result: UnknownResolution = { action, done: 0, failed: 0 };
  let batch: Array<Record<string, unknown>> = [];
  const flush = async () => {
    if (batch.length === 0) return;
    const objects = batch;
    batch = [];
    if (action === 'adopt') {
      transaction(ctx.db, () => {
        for (const object of objects) {
          const entry = entryFromSentinel(object, label);
          ctx.ledger.recordSent(entry);
          if (object.revoked === true) ctx.ledger.recordRevoked(entry.stixId, entry.modified, entry.validUntil, label);
          dropDrift.run(entry.stixId);
        }
      })();
      result.done += objects.length;
      return;
    }
    const now = ctx.now();
    const revocations = objects.map((object) => {
      const entry = entryFromSentinel(object, label);
      return {
        entry,
        object: buildRevocation(
          { id: entry.stixId, pattern: entry.pattern, name: entry.name, created: entry.created, validFrom: entry.validFrom, lastModified: entry.modified },
          now,
        ),
      };
    });
    const sent = await uploadAll(
      ctx.uploader,
      revocations.map((r) => JSON.stringify(r.object)),
      signal,
    );
    const refused = new Set([...sent.rejected.map((r) => r.index), ...sent.failed.flatMap((f) => Array.from({ length: f.size }, (_, i) => f.firstIndex + i))]);
    transaction(ctx.db, () => {
      revocations.forEach(({ entry, object }, i) => {
        if (refused.has(i)) return;
        ctx.ledger.recordSent(entry);
        ctx.ledger.recordRevoked(entry.stixId, object.modified, object.valid_until ?? object.modified, label);
        dropDrift.run(entry.stixId);
      });
    })();
    result.done += revocations.length - refused.size;
    result.failed += refused.size;
  };
  // Read in key order a thousand at a time, while the rows behind are deleted: one pass over what is there now.
  for (const object of unknownObjects(ctx)) {
    batch.push(object);
    if (batch.length >= CHUNK) await flush();
  }
  await flush();
  ctx.logger.warn(action === 'adopt' ? 'Unknown objects in Sentinel adopted into the ledger' : 'Unknown objects in Sentinel revoked', {
    ...result,
    confirmed: count,
  });
  return result;
}
