import type { QueryConfig } from '../../../app/export/types';
import type { FakeExportService } from './fake-export-service';
import type { RouteRequest, RouteResponse } from './route-transport';
import { seededId, seedHistory } from './seed-history';

export interface RouteCase {
  name: string;
  setup?: (fake: FakeExportService) => void;
  req: RouteRequest;
  status: number;
  /** Matched with toMatchObject. */
  body?: unknown;
  check?: (res: RouteResponse, fake: FakeExportService) => void;
}

export const GOOD_QUERY: QueryConfig = {
  owners: ['ABC-Owner'],
  indicatorTypes: ['Address', 'Host'],
  tql: 'rating >= 3',
  sortField: 'dateAdded',
  sortDirection: 'asc',
};
const q = (over: Record<string, unknown>) => ({ ...GOOD_QUERY, ...over });
const put = (body: unknown): RouteRequest => ({ method: 'PUT', path: 'api/config', body });
const putQuery = (over: Record<string, unknown>) => put({ queries: [q(over)], nextUpdate: 'full' });
const get = (path: string): RouteRequest => ({ method: 'GET', path });
const details = (...d: Array<[string, string | RegExp]>) => ({
  details: d.map(([path, message]) => ({ path, message: typeof message === 'string' ? message : expect.stringMatching(message) })),
});
const ids = (res: RouteResponse) => (res.body as { items: Array<{ requestId: string }> }).items.map((j) => j.requestId);
const called = (fake: FakeExportService, method: string) => fake.calls.filter((c) => c.method === method);

/** PUT /api/config: the success and every kind of problem, alone and all together. */
export const CONFIG_CASES: RouteCase[] = [
  {
    name: 'GET config',
    setup: (f) => (f.config = { queries: [GOOD_QUERY], nextUpdate: 'full', revision: 4 }),
    req: get('api/config'),
    status: 200,
    body: { queries: [GOOD_QUERY], nextUpdate: 'full', revision: 4 },
  },
  {
    name: 'PUT config saves the ordered list and the next update',
    req: put({ queries: [GOOD_QUERY, q({ owners: ['Phish Source'], tql: 'summary contains "x"' })], nextUpdate: 'full' }),
    status: 200,
    body: { nextUpdate: 'full', revision: 1, queries: [GOOD_QUERY, q({ owners: ['Phish Source'], tql: 'summary contains "x"' })] },
    check: (_r, f) => expect(called(f, 'saveConfig')).toHaveLength(1),
  },
  {
    name: 'PUT config from the stored revision saves it as the next',
    setup: (f) => (f.config = { queries: [], nextUpdate: 'delta', revision: 4 }),
    req: put({ queries: [GOOD_QUERY], nextUpdate: 'full', revision: 4 }),
    status: 200,
    body: { revision: 5, queries: [GOOD_QUERY] },
  },
  {
    name: 'PUT config from a stale revision: 409, nothing saved, ThreatConnect not asked',
    setup: (f) => (f.config = { queries: [GOOD_QUERY], nextUpdate: 'delta', revision: 6 }),
    req: put({ queries: [], nextUpdate: 'full', revision: 5 }),
    status: 409,
    body: {
      error: 'The configuration was saved by someone else meanwhile (revision 6; these edits started from revision 5). Reload it, then make the edits again.',
      details: { revision: 6 },
    },
    check: (_r, f) => {
      expect(called(f, 'checkConfig')).toHaveLength(0);
      expect(f.config).toEqual({ queries: [GOOD_QUERY], nextUpdate: 'delta', revision: 6 });
    },
  },
  {
    name: 'PUT config with a revision that is not a whole number',
    req: put({ queries: [], nextUpdate: 'full', revision: '5' }),
    status: 400,
    body: details(['revision', 'must be a whole number']),
  },
  { name: 'PUT config with no queries', req: put({ queries: [], nextUpdate: 'delta' }), status: 200, body: { queries: [], revision: 1 } },
  { name: 'nextUpdate missing', req: put({ queries: [] }), status: 400, body: details(['nextUpdate', 'is required']) },
  { name: 'nextUpdate unknown', req: put({ queries: [], nextUpdate: 'weekly' }), status: 400, body: details(['nextUpdate', 'must be one of: full, delta']) },
  { name: 'unknown top-level field', req: put({ queries: [], nextUpdate: 'full', rev: 3 }), status: 400, body: details(['rev', 'is not a known field']) },
  { name: 'queries not a list', req: put({ queries: {}, nextUpdate: 'full' }), status: 400, body: details(['queries', 'must be a list']) },
  { name: 'body not an object', req: put([GOOD_QUERY]), status: 400, body: details(['body', 'must be an object']) },
  { name: 'unknown query field', req: putQuery({ ttl: 5 }), status: 400, body: details(['queries/0/ttl', 'is not a known field']) },
  {
    name: 'query field missing',
    req: put({ queries: [{ owners: ['ABC-Owner'], indicatorTypes: ['Host'], tql: 'a', sortField: 'id' }], nextUpdate: 'full' }),
    status: 400,
    body: details(['queries/0/sortDirection', 'is required']),
  },
  { name: 'empty owners', req: putQuery({ owners: [] }), status: 400, body: details(['queries/0/owners', 'choose at least one owner']) },
  {
    name: 'repeated owner',
    req: putQuery({ owners: ['ABC-Owner', 'ABC-Owner'] }),
    status: 400,
    body: details(['queries/0/owners', 'must not list the same value twice']),
  },
  {
    name: 'owner the API user cannot see',
    req: putQuery({ owners: ['Someone Else'] }),
    status: 400,
    body: details(['queries/0/owners', 'Owner "Someone Else" is not visible to the API user']),
  },
  {
    name: 'empty indicator types',
    req: putQuery({ indicatorTypes: [] }),
    status: 400,
    body: details(['queries/0/indicatorTypes', 'choose at least one indicator type']),
  },
  {
    name: 'unknown indicator type',
    req: putQuery({ indicatorTypes: ['Host', 'Mutex'] }),
    status: 400,
    body: details(['queries/0/indicatorTypes/1', /^must be one of: Address, CIDR, Host/]),
  },
  { name: 'blank TQL', req: putQuery({ tql: '   ' }), status: 400, body: details(['queries/0/tql', 'must not be blank']) },
  { name: 'TQL too long', req: putQuery({ tql: 'x'.repeat(4001) }), status: 400, body: details(['queries/0/tql', 'must be at most 4000 characters']) },
  {
    name: 'TQL the TC API rejects',
    req: putQuery({ tql: 'bogusField > 3' }),
    status: 400,
    body: details(['queries/0/tql', "ThreatConnect rejected the TQL: unknown parameter 'bogusField'"]),
  },
  {
    name: 'TQL that would leave its parentheses: refused here, before ThreatConnect is asked',
    req: putQuery({ tql: 'rating >= 0) or (rating >= 0' }),
    status: 400,
    body: details(['queries/0/tql', "The TQL cannot be used: ')' closes a parenthesis that was not opened (at character 12)"]),
    check: (_r, f) => expect(called(f, 'checkConfig')).toHaveLength(0),
  },
  {
    name: 'TQL with a quote never closed',
    req: putQuery({ tql: 'summary = "x' }),
    status: 400,
    body: details(['queries/0/tql', 'The TQL cannot be used: the string starting here has no closing " (at character 11)']),
  },
  {
    name: 'TQL with a lone surrogate',
    req: putQuery({ tql: 'summary = "\ud800"' }),
    status: 400,
    body: details(['queries/0/tql', /^The TQL cannot be used: a lone UTF-16 surrogate/]),
  },
  { name: 'TQL not text', req: putQuery({ tql: 3 }), status: 400, body: details(['queries/0/tql', 'must be text']) },
  {
    name: 'bad sort field',
    req: putQuery({ sortField: 'colour' }),
    status: 400,
    body: details(['queries/0/sortField', /^must be one of: dateAdded, lastModified/]),
  },
  { name: 'bad sort direction', req: putQuery({ sortDirection: 'up' }), status: 400, body: details(['queries/0/sortDirection', 'must be one of: asc, desc']) },
  {
    name: 'every problem of the schema at once, and no ThreatConnect call until they are fixed',
    req: put({
      queries: [GOOD_QUERY, 'not a query', q({ owners: [], sortDirection: 'up' }), q({ tql: 'bogus = 1', owners: ['Nobody'] })],
      nextUpdate: 'full',
      extra: true,
    }),
    status: 400,
    body: {
      error: 'The configuration has 4 problems',
      details: [
        { path: 'extra', message: 'is not a known field' },
        { path: 'queries/1', message: 'must be an object' },
        { path: 'queries/2/owners', message: 'choose at least one owner' },
        { path: 'queries/2/sortDirection', message: 'must be one of: asc, desc' },
      ],
    },
    check: (_r, f) => {
      expect(called(f, 'saveConfig')).toHaveLength(0);
      expect(called(f, 'checkConfig')).toHaveLength(0);
    },
  },
  {
    name: "then ThreatConnect's problems, at their place in the list",
    req: put({ queries: [GOOD_QUERY, q({ tql: 'bogus = 1', owners: ['Nobody'] })], nextUpdate: 'full' }),
    status: 400,
    body: {
      error: 'The configuration has 2 problems',
      details: [
        { path: 'queries/1/owners', message: 'Owner "Nobody" is not visible to the API user' },
        { path: 'queries/1/tql', message: "ThreatConnect rejected the TQL: unknown parameter 'bogus'" },
      ],
    },
  },
  {
    name: 'more configurations than allowed: refused by the schema, no ThreatConnect call',
    req: put({ queries: Array.from({ length: 1000 }, () => GOOD_QUERY), nextUpdate: 'full' }),
    status: 400,
    body: details(['queries', 'must have at most 100 values']),
    check: (_r, f) => expect(called(f, 'checkConfig')).toHaveLength(0),
  },
  {
    name: 'TC unreachable while checking: said without the internal detail',
    setup: (f) => (f.failWith.checkConfig = new Error('connect ECONNREFUSED 10.1.2.3:443')),
    req: put({ queries: [GOOD_QUERY], nextUpdate: 'full' }),
    status: 502,
    body: { error: 'Could not check the configuration with ThreatConnect: ThreatConnect did not answer' },
  },
  {
    name: 'malformed JSON',
    req: { method: 'PUT', path: 'api/config', rawBody: '{"queries": [', headers: { 'content-type': 'application/json' } },
    status: 400,
    body: { error: 'Request body is not valid JSON' },
  },
  {
    name: 'not JSON',
    req: { method: 'PUT', path: 'api/config', rawBody: 'queries=1', headers: { 'content-type': 'application/x-www-form-urlencoded' } },
    status: 415,
    body: { error: /must be JSON/ },
  },
  { name: 'no body', req: { method: 'PUT', path: 'api/config' }, status: 400, body: { error: 'A JSON request body is required' } },
  {
    name: 'oversize body',
    req: {
      method: 'PUT',
      path: 'api/config',
      rawBody: JSON.stringify({ queries: [], nextUpdate: 'full', pad: 'x'.repeat(1_100_000) }),
      headers: { 'content-type': 'application/json' },
    },
    status: 413,
    body: { error: 'Request body is too large' },
  },
];

/** Owners and preview. */
export const OWNER_PREVIEW_CASES: RouteCase[] = [
  {
    name: 'GET owners',
    req: get('api/owners'),
    status: 200,
    body: [{ id: 1, name: 'ABC-Owner', type: 'Organization' }, { name: 'Common Community' }, { name: 'Phish Source' }],
  },
  {
    name: 'owners when TC fails',
    setup: (f) => (f.failWith.listOwners = new Error('HTTP 401 from GET https://tc.internal/api/v3/security/owners')),
    req: get('api/owners'),
    status: 502,
    body: { error: 'Could not read the owners from ThreatConnect: ThreatConnect did not answer' },
  },
  {
    name: 'preview counts and converts a sample',
    req: { method: 'POST', path: 'api/preview', body: GOOD_QUERY },
    status: 200,
    check: (res) => {
      const body = res.body as { count: number; sample: Array<{ type: string; pattern: string }>; errors: unknown[] };
      expect(body.count).toBe(3);
      expect(body.sample.map((s) => s.pattern)).toEqual(["[ipv4-addr:value = '198.51.100.7']", "[domain-name:value = 'bad.example.com']"]);
      expect(body.errors).toEqual([{ indicator: '999.1.1.1', message: expect.any(String) }]);
    },
  },
  {
    name: 'preview of an invalid query names the fields alone',
    req: { method: 'POST', path: 'api/preview', body: q({ tql: '', sortField: 'x', more: 1 }) },
    status: 400,
    body: {
      error: 'The query configuration is not valid',
      ...details(['more', 'is not a known field'], ['tql', 'must not be blank'], ['sortField', /^must be one of/]),
    },
  },
  {
    name: 'preview of TQL the TC API rejects',
    req: { method: 'POST', path: 'api/preview', body: q({ tql: 'bogus = 1' }) },
    status: 400,
    body: details(['tql', "ThreatConnect rejected the TQL: unknown parameter 'bogus'"]),
  },
  {
    name: 'preview of TQL that would leave its parentheses',
    req: { method: 'POST', path: 'api/preview', body: q({ tql: 'a)' }) },
    status: 400,
    body: details(['tql', "The TQL cannot be used: ')' closes a parenthesis that was not opened (at character 2)"]),
  },
  {
    name: 'preview body not an object',
    req: { method: 'POST', path: 'api/preview', body: [GOOD_QUERY] },
    status: 400,
    body: details(['body', 'must be an object']),
  },
  {
    name: 'preview when TC fails',
    setup: (f) => (f.failWith.preview = new Error('timeout of 30000ms exceeded')),
    req: { method: 'POST', path: 'api/preview', body: GOOD_QUERY },
    status: 502,
    body: { error: 'Could not preview the query: ThreatConnect did not answer' },
  },
];

/** Starting and listing jobs, one job, tasks, errors. */
export const JOB_CASES: RouteCase[] = [
  {
    name: 'start a full ad-hoc job',
    req: { method: 'POST', path: 'api/jobs', body: { mode: 'full' } },
    status: 202,
    check: (res, f) => expect(res.body).toEqual({ requestId: f.jobs[0]?.requestId }),
  },
  {
    name: 'start a delta job',
    req: { method: 'POST', path: 'api/jobs', body: { mode: 'delta' } },
    status: 202,
    check: (_r, f) => expect(f.jobs[0]).toMatchObject({ type: 'ad-hoc', mode: 'delta' }),
  },
  {
    name: 'start while a job runs',
    setup: (f) => f.addJob('scheduled', 'delta'),
    req: { method: 'POST', path: 'api/jobs', body: { mode: 'full' } },
    status: 409,
    body: { error: /^A job is already running \(request ID [0-9a-f-]{36}\)$/ },
  },
  { name: 'start without mode', req: { method: 'POST', path: 'api/jobs', body: {} }, status: 400, body: details(['mode', 'is required']) },
  {
    name: 'start with unknown mode',
    req: { method: 'POST', path: 'api/jobs', body: { mode: 'fast' } },
    status: 400,
    body: details(['mode', 'must be one of: full, delta']),
  },
  {
    name: 'start with unknown field',
    req: { method: 'POST', path: 'api/jobs', body: { mode: 'full', type: 'scheduled' } },
    status: 400,
    body: details(['type', 'is not a known field']),
  },
  {
    name: 'list jobs newest first, default paging',
    setup: seedHistory,
    req: get('api/jobs'),
    status: 200,
    body: { total: 5, page: 1, pageSize: 20 },
    check: (res) => expect(ids(res)).toEqual([5, 4, 3, 2, 1].map(seededId)),
  },
  {
    name: 'list jobs page 2 of size 2',
    setup: seedHistory,
    req: get('api/jobs?page=2&pageSize=2'),
    status: 200,
    body: { total: 5, page: 2, pageSize: 2 },
    check: (res) => expect(ids(res)).toEqual([3, 2].map(seededId)),
  },
  {
    name: 'list jobs by type',
    setup: seedHistory,
    req: get('api/jobs?type=ad-hoc'),
    status: 200,
    check: (res) => expect(ids(res)).toEqual([5, 3].map(seededId)),
  },
  {
    name: 'list jobs by repeated status',
    setup: seedHistory,
    req: get('api/jobs?status=Failed&status=Download%20In%20Progress'),
    status: 200,
    check: (res) => expect(ids(res)).toEqual([seededId(3)]),
  },
  {
    name: 'list jobs by comma-separated status',
    setup: seedHistory,
    req: get('api/jobs?status=Failed,Upload%20Complete&pageSize=2'),
    status: 200,
    body: { total: 5 },
    check: (_r, f) => expect(called(f, 'listJobs')[0]?.arg).toEqual({ status: ['Failed', 'Upload Complete'], page: 1, pageSize: 2 }),
  },
  {
    name: 'list jobs by request ID text',
    setup: seedHistory,
    req: get('api/jobs?requestId=000000000004'),
    status: 200,
    check: (res) => expect(ids(res)).toEqual([seededId(4)]),
  },
  { name: 'empty filters are no filters', setup: seedHistory, req: get('api/jobs?type=&status=&requestId='), status: 200, body: { total: 5 } },
  { name: 'page 0', req: get('api/jobs?page=0'), status: 400, body: details(['page', 'must be at least 1']) },
  { name: 'pageSize 101', req: get('api/jobs?pageSize=101'), status: 400, body: details(['pageSize', 'must be at most 100']) },
  { name: 'pageSize not a number', req: get('api/jobs?pageSize=ten'), status: 400, body: details(['pageSize', 'must be a whole number']) },
  { name: 'unknown status', req: get('api/jobs?status=Failed,Done'), status: 400, body: details(['status/1', /^must be one of: Download In Progress, /]) },
  { name: 'unknown job type', req: get('api/jobs?type=manual'), status: 400, body: details(['type', 'must be one of: scheduled, ad-hoc']) },
  { name: 'job type given twice', req: get('api/jobs?type=ad-hoc&type=scheduled'), status: 400, body: details(['type', 'must be given once']) },
  { name: 'unknown query parameter', req: get('api/jobs?sort=asc'), status: 400, body: details(['sort', 'is not a known field']) },
  {
    name: 'request ID text too long',
    req: get(`api/jobs?requestId=${'a'.repeat(101)}`),
    status: 400,
    body: details(['requestId', 'must be at most 100 characters']),
  },
  {
    name: 'one job with its tasks',
    setup: seedHistory,
    req: get(`api/jobs/${seededId(3)}`),
    status: 200,
    body: {
      requestId: seededId(3),
      status: 'Failed',
      error: 'Sentinel refused the token',
      tasks: [{ name: 'Download query 1' }, { name: 'Upload batch 1', status: 'Failed' }],
    },
  },
  { name: 'unknown job', setup: seedHistory, req: get(`api/jobs/${seededId(9)}`), status: 404, body: { error: `No job with request ID ${seededId(9)}` } },
  { name: 'job ID not a UUID', req: get('api/jobs/latest'), status: 400, body: details(['requestId', 'must be a UUID']) },
  {
    name: 'list tasks',
    setup: seedHistory,
    req: get('api/tasks'),
    status: 200,
    body: { total: 11 },
    check: (res) => expect((res.body as { items: Array<{ kind: string }> }).items[0]?.kind).toBe('cleaner'),
  },
  {
    name: 'list tasks by kind and status',
    setup: seedHistory,
    req: get('api/tasks?kind=upload,cleaner&status=Failed'),
    status: 200,
    body: { total: 1, items: [{ requestId: seededId(3), kind: 'upload' }] },
  },
  { name: 'list tasks by request ID', setup: seedHistory, req: get(`api/tasks?requestId=${seededId(2)}&page=1`), status: 200, body: { total: 2 } },
  { name: 'unknown task kind', req: get('api/tasks?kind=download&kind=sweep'), status: 400, body: details(['kind/1', /^must be one of: download, dedupe/]) },
  { name: 'unknown task status', req: get('api/tasks?status=Done'), status: 400, body: details(['status/0', /^must be one of: Pending, Running/]) },
  {
    name: 'list errors',
    setup: seedHistory,
    req: get('api/errors'),
    status: 200,
    body: { total: 6 },
    check: (res) => expect((res.body as { items: unknown[] }).items[0]).toMatchObject({ requestId: seededId(5), step: 'convert', raw: { ip: '999.1.1.1' } }),
  },
  {
    name: 'list errors by step and request ID',
    setup: seedHistory,
    req: get(`api/errors?step=upload&requestId=${seededId(3)}`),
    status: 200,
    body: { total: 1, items: [{ message: 'HTTP 401' }] },
  },
  {
    name: 'unknown error step',
    req: get('api/errors?step=parse'),
    status: 400,
    body: details(['step/0', 'must be one of: download, convert, upload, revoke']),
  },
  { name: 'errors pageSize 0', req: get('api/errors?pageSize=0'), status: 400, body: details(['pageSize', 'must be at least 1']) },
];

const reconcileOn = (f: FakeExportService) => {
  f.reconcile = { enabled: true, running: false };
  f.drift = [
    {
      stixId: 'indicator--00000000-0000-4000-8000-000000000001',
      kind: 'missing',
      tcType: 'Host',
      detail: 'Sent, and not in Sentinel',
      foundAt: '2026-01-01T00:00:00.000Z',
    },
    { stixId: 'indicator--00000000-0000-4000-8000-000000000002', kind: 'unknown', detail: 'Not in the ledger', foundAt: '2026-01-01T00:00:00.000Z' },
    { stixId: 'indicator--00000000-0000-4000-8000-000000000003', kind: 'unknown', detail: 'Not in the ledger', foundAt: '2026-01-01T00:00:00.000Z' },
  ];
};
const post = (path: string, body?: unknown): RouteRequest => ({ method: 'POST', path, ...(body === undefined ? {} : { body }) });

/** Reconciliation and the indicator lookup: on, off, confirmations, bad input. */
export const RECONCILE_CASES: RouteCase[] = [
  {
    name: 'reconciliation off says what it gives',
    req: get('api/reconcile'),
    status: 200,
    body: { enabled: false, running: false, help: expect.stringMatching(/^Reconciliation checks/) },
  },
  { name: 'reconcile now while off', req: post('api/reconcile', {}), status: 409, body: { error: /^Reconciliation is off: set Azure Subscription ID/ } },
  {
    name: 'reconcile now',
    setup: reconcileOn,
    req: post('api/reconcile', { full: true }),
    status: 202,
    body: { enabled: true, summary: { mode: 'list', missing: 1, unknown: 2 } },
    check: (_r, f) => expect(called(f, 'startReconcile')[0]?.arg).toEqual({ full: true }),
  },
  {
    name: 'reconcile now while a job runs',
    setup: (f) => (reconcileOn(f), f.addJob('scheduled', 'delta')),
    req: post('api/reconcile', {}),
    status: 409,
    body: { error: /^A job is already running/ },
  },
  {
    name: 'reconcile with an unknown field',
    setup: reconcileOn,
    req: post('api/reconcile', { everything: true }),
    status: 400,
    body: details(['everything', 'is not a known field']),
  },
  { name: 'drift by kind', setup: reconcileOn, req: get('api/reconcile/drift?kind=unknown'), status: 200, body: { total: 2, page: 1, pageSize: 20 } },
  {
    name: 'drift of an unknown kind',
    req: get('api/reconcile/drift?kind=lost'),
    status: 400,
    body: details(['kind', 'must be one of: missing, unknown, altered']),
  },
  {
    name: 'revoke the unknown with the right count',
    setup: reconcileOn,
    req: post('api/reconcile/unknown', { action: 'revoke', count: 2 }),
    status: 200,
    body: { action: 'revoke', done: 2, failed: 0 },
  },
  {
    name: 'revoke the unknown with another count changes nothing',
    setup: reconcileOn,
    req: post('api/reconcile/unknown', { action: 'revoke', count: 3 }),
    status: 409,
    body: { error: 'The last reconciliation found 2 unknown objects, not 3: look at them again, then confirm that number' },
    check: (_r, f) => expect(f.drift.filter((d) => d.kind === 'unknown')).toHaveLength(2),
  },
  {
    name: 'resolve the unknown without a count',
    setup: reconcileOn,
    req: post('api/reconcile/unknown', { action: 'adopt' }),
    status: 400,
    body: details(['count', 'is required']),
  },
  {
    name: 'resolve the unknown by deleting',
    setup: reconcileOn,
    req: post('api/reconcile/unknown', { action: 'delete', count: 2 }),
    status: 400,
    body: details(['action', 'must be one of: revoke, adopt']),
  },
  { name: 'resolve the unknown on GET', req: get('api/reconcile/unknown'), status: 405 },
  {
    name: 'look an indicator up by the start of its value',
    setup: (f) =>
      (f.indicators = [
        {
          stixId: 'indicator--00000000-0000-4000-8000-000000000009',
          tcId: 42,
          tcType: 'Host',
          owner: 'ABC-Owner',
          name: 'bad.example | ABC-Owner',
          pattern: "[domain-name:value = 'bad.example']",
          validUntil: '2027-01-01T00:00:00.000Z',
          revoked: false,
          state: 'active',
          lastJob: seededId(1),
          errors: [],
          sentinel: 'missing',
        },
      ]),
    req: get('api/indicators?q=BAD.ex'),
    status: 200,
    body: [{ tcId: 42, sentinel: 'missing' }],
  },
  { name: 'look up without q', req: get('api/indicators'), status: 400, body: details(['q', 'is required']) },
  { name: 'look up with q given twice', req: get('api/indicators?q=a&q=b'), status: 400 },
  { name: 'look up with an empty q', req: get('api/indicators?q='), status: 400 },
];

/** Routes that do not exist, wrong methods, unexpected failures. */
export const OTHER_CASES: RouteCase[] = [
  { name: 'unknown route', req: get('api/nothing'), status: 404, body: { error: 'Not found' } },
  {
    name: 'wrong method',
    req: { method: 'DELETE', path: 'api/config' },
    status: 405,
    body: { error: 'DELETE is not allowed here; use GET or PUT' },
    check: (res) => expect(res.headers.allow).toBe('GET, PUT'),
  },
  { name: 'wrong method on a job', req: { method: 'POST', path: `api/jobs/${seededId(1)}`, body: {} }, status: 405 },
  {
    name: 'unexpected failure says nothing of its cause',
    setup: (f) => (f.failWith.getConfig = new Error('SQLITE_CORRUPT: database disk image is malformed at /secret/path')),
    req: get('api/config'),
    status: 500,
    body: { error: 'Internal server error' },
    check: (res) => expect(res.text).not.toMatch(/SQLITE|secret|\bat /),
  },
];

/** The UI's files (tests/fixtures/ui/built), served at the root and under ui/. */
export const UI_CASES: RouteCase[] = [
  {
    name: 'the UI at the service root',
    req: get(''),
    status: 200,
    check: (res) =>
      expect([res.headers['content-type'], res.headers['cache-control'], res.text]).toEqual([
        expect.stringMatching(/^text\/html/),
        'no-cache',
        expect.stringContaining('ui/main-FIXTURE1.js'),
      ]),
  },
  {
    name: 'a hashed UI asset',
    req: get('ui/main-FIXTURE1.js'),
    status: 200,
    check: (res) => expect([res.headers['cache-control'], res.text]).toEqual(['public, max-age=31536000, immutable', 'document.title = "fixture ✓";\n']),
  },
  { name: 'an unknown UI asset', req: get('ui/main-OTHER.js'), status: 404 },
];

export const ALL_ROUTE_CASES = [...CONFIG_CASES, ...OWNER_PREVIEW_CASES, ...JOB_CASES, ...RECONCILE_CASES, ...OTHER_CASES, ...UI_CASES];
