import { errorMessage, TC_INDICATOR_TYPES, type ErrorEntry, type TcIndicatorType } from '../../sdk';
import { indicatorFromSummary } from '../stix/indicator-from-summary';
import { readIndicator } from '../stix';
import type { EngineContext } from './engine-context';
import { configurationLabel, queryFor } from './stages/plan-queries';
import type { LedgerEntry } from './state/ledger';
import type { IndicatorLookup } from './types';

/** Errors told per indicator found. */
const ERRORS_PER_INDICATOR = 5;
/** Results whose configuration is asked of ThreatConnect (a request per configuration that could hold it). */
const CONFIGURATION_CHECKS = 5;

/** The STIX ids `value` would have as each of the nine types, normalized as the App normalizes them. */
export function normalizedIds(value: string, sourceSystem: string): string[] {
  const ids = new Set<string>();
  for (const type of TC_INDICATOR_TYPES) {
    const indicator = indicatorFromSummary(type, value);
    const read = indicator && readIndicator(indicator, sourceSystem);
    if (read?.ok) for (const id of read.ids) ids.add(id);
  }
  return [...ids];
}

const brief = (e: ErrorEntry) => ({ id: e.id, time: e.time, requestId: e.requestId, step: e.step, message: e.message });

function fromLedger(ctx: EngineContext, e: LedgerEntry, nowIso: string): IndicatorLookup {
  const errors = ctx.errors.withRawValues(
    [
      { path: '$.id', values: [e.tcId] },
      { path: '$.tcId', values: [e.tcId] },
      { path: '$.stixId', values: [e.stixId] },
    ],
    ERRORS_PER_INDICATOR,
  );
  return {
    stixId: e.stixId,
    tcId: e.tcId,
    tcType: e.tcType,
    owner: e.owner,
    name: e.name,
    pattern: e.pattern,
    validUntil: e.validUntil,
    revoked: e.revoked,
    state: e.revoked ? 'revoked' : e.validUntil <= nowIso ? 'expired' : 'active',
    lastSent: e.modified,
    lastJob: e.lastJob,
    errors: errors.map(brief),
    sentinel: e.sentinelState ?? (e.seenAt ? 'current' : 'unchecked'),
    ...(e.seenAt ? { seenAt: e.seenAt } : {}),
  };
}

/** An indicator the ledger does not hold, from the error that says why: Sentinel rejected it, or it was not converted. */
function fromError(e: ErrorEntry): IndicatorLookup | undefined {
  const raw = (e.raw ?? {}) as Record<string, unknown>;
  const object = (raw.object ?? {}) as Record<string, unknown>;
  const text = (v: unknown) => (typeof v === 'string' ? v : '');
  const common = { revoked: false, lastJob: e.requestId, errors: [brief(e)], sentinel: 'unchecked' as const };
  if (typeof raw.stixId === 'string') {
    return {
      ...common,
      stixId: raw.stixId,
      tcId: Number(raw.tcId),
      tcType: text(raw.type),
      owner: text(raw.owner),
      name: text(raw.name),
      pattern: text(object.pattern),
      validUntil: text(object.valid_until),
      state: 'rejected',
    };
  }
  if (e.step === 'convert' && typeof raw.type === 'string') {
    return {
      ...common,
      stixId: '',
      tcId: Number(raw.id),
      tcType: raw.type,
      owner: text(raw.ownerName),
      name: text(raw.summary),
      pattern: '',
      validUntil: '',
      state: 'not converted',
    };
  }
  return undefined;
}

/**
 * "Where is my indicator?": `q` as a STIX id, a ThreatConnect id, or a value (normalized per type as the App does,
 * so `HKLM\…` finds `HKEY_LOCAL_MACHINE\…` and a host in any case; or the start of a name as sent). What the ledger
 * holds comes first, each with its state, last send and errors; then what never reached it (rejected by Sentinel,
 * not converted), from the errors that say so.
 */
export async function lookupIndicators(ctx: EngineContext, q: string, limit: number): Promise<IndicatorLookup[]> {
  const found = lookupRecorded(ctx, q, limit);
  await Promise.all(
    found
      .filter((f) => f.lastSent !== undefined)
      .slice(0, CONFIGURATION_CHECKS)
      .map((f) => findConfiguration(ctx, f)),
  );
  return found;
}

/**
 * Which configuration returns the indicator first, as they stand now: the first whose owners and types hold it and
 * whose TQL matches its id in ThreatConnect. Left unsaid when ThreatConnect cannot be asked.
 */
async function findConfiguration(ctx: EngineContext, found: IndicatorLookup): Promise<void> {
  const queries = ctx.config.get().queries;
  try {
    for (const [index, q] of queries.entries()) {
      if (!q.owners.includes(found.owner) || !q.indicatorTypes.includes(found.tcType as TcIndicatorType)) continue;
      const { count } = await ctx.source.sample(queryFor(q, { ids: [found.tcId] }), 1);
      if (count > 0) {
        found.configuration = configurationLabel(index);
        return;
      }
    }
  } catch (err) {
    ctx.logger.debug('The lookup could not ask ThreatConnect which configuration returns an indicator', { tcId: found.tcId, error: errorMessage(err) });
  }
}

/** What the ledger and the errors record of `q`. */
function lookupRecorded(ctx: EngineContext, q: string, limit: number): IndicatorLookup[] {
  const text = q.trim();
  const stixIds = normalizedIds(text, ctx.options.sourceSystem);
  const nowIso = ctx.now().toISOString();
  const found = ctx.ledger.lookup(text, limit, stixIds).map((e) => fromLedger(ctx, e, nowIso));
  if (found.length >= limit) return found;
  const tcIds = /^\d+$/.test(text) ? [Number(text)] : [];
  const errors = ctx.errors.withRawValues(
    [
      { path: '$.stixId', values: [...stixIds, text] },
      { path: '$.tcId', values: tcIds },
      { path: '$.id', values: tcIds },
      { path: '$.summary', values: [text] },
    ],
    limit * ERRORS_PER_INDICATOR,
  );
  const seen = new Set(found.map((f) => f.stixId || `tc:${f.tcId}`));
  for (const e of errors) {
    const item = fromError(e);
    if (!item) continue;
    const key = item.stixId || `tc:${item.tcId}`;
    if (seen.has(key)) {
      const known = found.find((f) => (f.stixId || `tc:${f.tcId}`) === key);
      if (known && known.errors.length < ERRORS_PER_INDICATOR && !known.errors.some((x) => x.id === e.id)) known.errors.push(brief(e));
      continue;
    }
    if (found.length >= limit) break;
    seen.add(key);
    found.push(item);
  }
  return found;
}
