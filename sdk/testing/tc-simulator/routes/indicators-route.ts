import { Router } from 'express';
import { COLLECTION_FIELDS, type CollectionField } from '../generate/indicator-generator';
import type { IndicatorStore } from '../indicator-store';
import type { OwnerAccess } from '../owner-access';
import type { QueryEngine } from '../query-engine';
import { queryPairs } from '../request-log';
import { SimError } from '../sim-error';
import { firstParam, pageEnvelope, pageWindow } from './paging';

const COMMA = Buffer.from(',');

function requestedFields(pairs: Array<[string, string]>): Set<CollectionField> {
  const fields = new Set<CollectionField>();
  for (const [k, v] of pairs) {
    if (k !== 'fields') continue;
    if (!(COLLECTION_FIELDS as readonly string[]).includes(v)) throw new SimError(400, `Invalid field: ${v}`);
    fields.add(v as CollectionField);
  }
  return fields;
}

/** `GET /v3/indicators` (TQL, owner, fields, sorting, paging, count) and `GET /v3/indicators/:id`. */
export function indicatorsRoute(deps: { store: IndicatorStore; engine: QueryEngine; access: OwnerAccess; beforePage: () => void }): Router {
  const router = Router();

  router.get('/v3/indicators', (req, res) => {
    const pairs = queryPairs(req.originalUrl);
    const window = pageWindow(pairs);
    const fields = requestedFields(pairs);
    const owner = firstParam(pairs, 'owner');
    deps.beforePage();
    const count = firstParam(pairs, 'count') === 'true';
    const tql = firstParam(pairs, 'tql');
    deps.access.check({ ...(owner === undefined ? {} : { owner }), ...(tql === undefined ? {} : { tql }) });
    const answer = deps.engine.run({ tql, owner, sorting: firstParam(pairs, 'sorting') }, { ...window, count });
    // The envelope's first member is `data`: its JSON starts `{"data":[]`, and the indicators go between the brackets.
    const envelope = Buffer.from(JSON.stringify(pageEnvelope(req, answer, window, [], count)));
    const open = '{"data":['.length;
    const parts: Buffer[] = [envelope.subarray(0, open)];
    for (const id of answer.ids) {
      const json = deps.store.json(id, fields);
      if (json === undefined) continue;
      if (parts.length > 1) parts.push(COMMA);
      parts.push(json);
    }
    parts.push(envelope.subarray(open));
    res.type('application/json').send(Buffer.concat(parts));
  });

  router.get('/v3/indicators/:id', (req, res) => {
    const id = String(req.params.id);
    const indicator = /^\d+$/.test(id) ? deps.store.get(Number(id), requestedFields(queryPairs(req.originalUrl))) : undefined;
    if (!indicator) throw new SimError(404, `Indicator ${id} not found`);
    res.json({ data: indicator, status: 'Success' });
  });

  return router;
}
