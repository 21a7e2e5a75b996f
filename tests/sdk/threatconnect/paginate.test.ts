import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createTcClient, MAX_RESULT_LIMIT, TcApiError, type TcIndicator } from '../../../sdk/threatconnect';
import { FAST_RETRY, rejectionOf, startHarness, type SimHarness } from './helpers';

const COUNT = 50_000;
let h: SimHarness;
beforeAll(async () => {
  h = await startHarness({ indicatorCount: COUNT, seed: 11 });
});
afterAll(() => h.close());
beforeEach(() => {
  h.sim.requests.length = 0;
});

const pageRequests = () => h.requestsTo('/v3/indicators');
async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !condition(); i += 1) await new Promise((resolve) => setTimeout(resolve, 5));
}

describe('paginate over 50,000 indicators', () => {
  it('yields every indicator one by one, fetching the next page only when the current one is used up', async () => {
    const first = await h.tc.get<{ count: number }>('/v3/indicators', { count: true, resultLimit: 1 });
    const total = first.count;
    expect(total).toBeGreaterThan(COUNT * 0.9); // inactive ones are left out by default
    h.sim.requests.length = 0;

    const pagesFetchedAt: number[] = [];
    const ids = new Set<number>();
    let previousAdded = '';
    let outOfOrder = 0;
    for await (const indicator of h.tc.paginate<TcIndicator>('/v3/indicators', { fields: ['tags'], sorting: 'dateAdded asc' })) {
      pagesFetchedAt.push(h.sim.requests.length);
      ids.add(indicator.id);
      if (indicator.dateAdded < previousAdded) outOfOrder += 1;
      previousAdded = indicator.dateAdded;
    }

    expect(outOfOrder).toBe(0);
    expect(ids.size).toBe(total);
    expect(pagesFetchedAt).toHaveLength(total);
    const pages = Math.ceil(total / MAX_RESULT_LIMIT);
    // Item k was handed over while only page floor(k / 10000) + 1 had been requested: nothing was read ahead.
    for (const k of [0, 9_999, 10_000, 25_000, total - 1]) expect(pagesFetchedAt[k]).toBe(Math.floor(k / MAX_RESULT_LIMIT) + 1);
    const requests = pageRequests();
    expect(requests).toHaveLength(pages);
    expect(requests.map((r) => r.query.resultLimit)).toEqual(Array(pages).fill('10000'));
    expect(requests.map((r) => r.query.resultStart)).toEqual(Array.from({ length: pages }, (_, p) => String(p * MAX_RESULT_LIMIT)));
    expect(requests.every((r) => r.status === 200 && r.auth?.scheme === 'hmac')).toBe(true);
  });

  it('stops fetching when the consumer stops', async () => {
    let seen = 0;
    for await (const _ of h.tc.paginate<TcIndicator>('/v3/indicators', { tql: 'typeName in ("Address", "Host")' })) {
      seen += 1;
      if (seen === 10_001) break;
    }
    expect(pageRequests()).toHaveLength(2);
  });

  it('with readAhead, requests the next page as soon as a page arrives and cancels it when the consumer stops', async () => {
    const pagesFetchedAt: number[] = [];
    const ids = new Set<number>();
    const options = { readAhead: true };
    for await (const indicator of h.tc.paginate<TcIndicator>('/v3/indicators', { resultLimit: 4000, sorting: 'dateAdded asc' }, options)) {
      // the simulator logs a request when it answers: wait for the read-ahead at each page's first item
      if (ids.size % 4000 === 0 && ids.size + 4000 < COUNT * 0.9) await until(() => h.sim.requests.length >= ids.size / 4000 + 2);
      pagesFetchedAt.push(h.sim.requests.length);
      ids.add(indicator.id);
    }
    const total = ids.size;
    const pages = Math.ceil(total / 4000);
    expect(pageRequests()).toHaveLength(pages);
    for (const k of [0, 3_999, 4_000, 20_000]) expect(pagesFetchedAt[k]).toBe(Math.floor(k / 4000) + 2);
    expect(pagesFetchedAt[total - 1]).toBe(pages);

    h.sim.requests.length = 0;
    let seen = 0;
    for await (const _ of h.tc.paginate<TcIndicator>('/v3/indicators', { resultLimit: 4000 }, options)) {
      seen += 1;
      if (seen === 4_001) break;
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(pageRequests().length).toBeLessThanOrEqual(3); // the two read, and at most the cancelled read-ahead
  });

  it("pages() reports count on the first page and each page's position", async () => {
    const seen: Array<{ size: number; count?: number; resultStart: number; next: boolean }> = [];
    for await (const page of h.tc.pages<TcIndicator>('/v3/indicators', { tql: 'typeName = "File"', resultLimit: 4000 }, { count: true })) {
      seen.push({ size: page.data.length, count: page.count, resultStart: page.resultStart, next: page.next !== undefined });
    }
    const total = seen[0]!.count!;
    expect(seen.reduce((sum, p) => sum + p.size, 0)).toBe(total);
    expect(seen.slice(1).every((p) => p.count === undefined)).toBe(true);
    expect(seen.map((p) => p.resultStart)).toEqual(seen.map((_, k) => k * 4000));
    expect(seen.at(-1)!.next).toBe(false);
    expect(pageRequests()[0]!.query).toMatchObject({ count: 'true', resultLimit: '4000', tql: 'typeName = "File"' });
  });

  it('bodyPages hands each page over as its bytes, follows the links its reader finds, and fails a page it rejects', async () => {
    const sizes: number[] = [];
    let total = 0;
    const links = async (bytes: Buffer) => {
      const body = JSON.parse(bytes.toString()) as { data: unknown[]; next?: string };
      return { size: body.data.length, ...(body.next ? { next: body.next } : {}) };
    };
    for await (const page of h.tc.bodyPages('/v3/indicators', { tql: 'typeName = "Host"', resultLimit: 3000 }, { links, readAhead: true })) {
      expect(page.resultStart).toBe(total);
      expect((JSON.parse(page.body.toString()) as { data: unknown[] }).data).toHaveLength(page.size);
      sizes.push(page.size);
      total += page.size;
    }
    expect(sizes.length).toBeGreaterThan(1);
    const parsed = [];
    for await (const page of h.tc.pages<TcIndicator>('/v3/indicators', { tql: 'typeName = "Host"', resultLimit: 3000 })) parsed.push(page.data.length);
    expect(sizes).toEqual(parsed);

    const err = await rejectionOf(
      (async () => {
        for await (const _ of h.tc.bodyPages('/v3/indicators', { tql: 'typeName = "Host"' }, { links: async () => ({ invalid: 'not a page' }) })) {
          // drain
        }
      })(),
    );
    expect(err).toBeInstanceOf(TcApiError);
    expect((err as Error).message).toMatch(/not a page/);
    expect((err as Error).message).toMatch(/GET http:\/\/127\.0\.0\.1:\d+\/api\/v3\/indicators\?/);
  });

  it.each([
    [20_000, '10000'],
    [10_000, '10000'],
    [250, '250'],
    [0, '1'],
    [undefined, '10000'],
  ])('resultLimit %s is sent as %s', async (limit, sent) => {
    const iterator = h.tc.pages('/v3/indicators', { tql: 'typeName = "ASN"', resultLimit: limit })[Symbol.asyncIterator]();
    await iterator.next();
    await iterator.return?.();
    expect(pageRequests()[0]!.query.resultLimit).toBe(sent);
  });

  it('passes the service token to every page', async () => {
    const svc = h.sim.issueToken({ service: true });
    let n = 0;
    for await (const _ of h.tc.paginate('/v3/indicators', { tql: 'typeName = "ASN"', resultLimit: 500 }, { token: svc.token })) n += 1;
    expect(n).toBeGreaterThan(500);
    expect(pageRequests().every((r) => r.auth?.scheme === 'token' && r.auth.token === svc.token)).toBe(true);
  });
});

describe('next links', () => {
  let server: http.Server;
  let base = '';
  const answers: Record<string, unknown> = {};
  const seen: string[] = [];
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      seen.push(req.url ?? '');
      res.end(JSON.stringify(answers[req.url ?? ''] ?? answers[(req.url ?? '').split('?')[0]!] ?? { status: 'Success' }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api`;
    answers['/api/v3/foreign?resultLimit=1&resultStart=0'] = {
      status: 'Success',
      data: [1],
      next: 'https://tc.example.com/api/v3/foreign?resultStart=1&resultLimit=1',
    };
    answers['/api/v3/foreign?resultStart=1&resultLimit=1'] = {
      status: 'Success',
      data: [2],
      next: 'http://127.0.0.2:9/elsewhere/v3/x?resultStart=2&resultLimit=1',
    };
    answers['/api/v3/foreign?resultStart=2&resultLimit=1'] = { status: 'Success', data: [3] };
    answers['/api/v3/loop'] = { status: 'Success', data: [1], next: `${base}/v3/loop?resultStart=1` };
    answers['/api/v3/nodata'] = { status: 'Success' };
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('are followed at the API base the client was given: the list’s path with the link’s query, whatever host or path the link names', async () => {
    const tc = createTcClient({ apiPath: base, hmac: { accessId: 'a', secretKey: 'k' }, retry: FAST_RETRY });
    const items: unknown[] = [];
    seen.length = 0;
    for await (const item of tc.paginate('/v3/foreign', { resultLimit: 1 })) items.push(item);
    tc.close();
    expect(items).toEqual([1, 2, 3]);
    expect(seen).toEqual([
      '/api/v3/foreign?resultLimit=1&resultStart=0',
      '/api/v3/foreign?resultStart=1&resultLimit=1',
      '/api/v3/foreign?resultStart=2&resultLimit=1',
    ]);
  });

  it.each([
    ['a link that repeats', '/v3/loop', /the next link repeats an earlier page/],
    ['an answer without data', '/v3/nodata', /the answer has no data list/],
  ])('fail the read with a clear error for %s', async (_name, path, pattern) => {
    const tc = createTcClient({ apiPath: base, hmac: { accessId: 'a', secretKey: 'k' }, retry: FAST_RETRY });
    const err = await rejectionOf(
      (async () => {
        for await (const _ of tc.paginate(path)) {
          // drain
        }
      })(),
    );
    tc.close();
    expect(err).toBeInstanceOf(TcApiError);
    expect(err.message).toMatch(pattern);
  });
});
