import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createTcClient, TcApiError } from '../../../sdk/threatconnect';
import type { FaultRule } from '../../../sdk/testing/http-faults';
import { createCapturedLogger } from '../../../sdk/testing/capture-logger';
import { FAST_RETRY, rejectionOf, startHarness, type SimHarness } from './helpers';

let h: SimHarness;
beforeAll(async () => {
  h = await startHarness({ indicatorCount: 200 }, { timeoutMs: 300 });
});
afterAll(() => h.close());
beforeEach(() => {
  h.sim.faults.clear();
  h.sim.requests.length = 0;
});

const owners = () => h.tc.get<{ data: unknown[] }>('/v3/security/owners');

describe('retries', () => {
  it.each<[string, FaultRule, number]>([
    ['503 twice, then success', { status: 503, times: 2 }, 3],
    ['502 once', { status: 502 }, 2],
    ['504 three times (the last try succeeds)', { status: 504, times: 3 }, 4],
    ['a dropped connection', { drop: true }, 2],
    ['an answer slower than the timeout', { delayMs: 1000 }, 2],
    ['401 once: one re-signed retry', { status: 401 }, 2],
  ])('%s', async (_name, fault, requests) => {
    h.sim.faults.next({ match: '/security/owners', ...fault });
    const body = await owners();
    expect(body.data).toHaveLength(h.sim.owners.length);
    expect(h.requestsTo('/security/owners')).toHaveLength(requests);
  });

  it.each<[string, FaultRule, number, number]>([
    ['500 forever', { status: 500, times: Infinity }, 500, 4],
    ['401 twice', { status: 401, times: 2 }, 401, 2],
    ['403', { status: 403, body: { status: 'Error', message: 'No access to owner' } }, 403, 1],
    ['404', { status: 404 }, 404, 1],
    ['429 is not a server failure', { status: 429 }, 429, 1],
  ])('%s → TcApiError after the right number of tries', async (_name, fault, status, requests) => {
    h.sim.faults.next({ match: '/security/owners', ...fault });
    const err = await rejectionOf(owners());
    expect(err).toBeInstanceOf(TcApiError);
    const apiError = err as TcApiError;
    expect(apiError.status).toBe(status);
    expect(apiError.method).toBe('GET');
    expect(apiError.url).toBe(`${h.sim.apiPath}/v3/security/owners`);
    expect(apiError.message).toContain(`GET ${h.sim.apiPath}/v3/security/owners failed with ${status}`);
    expect(h.requestsTo('/security/owners')).toHaveLength(requests);
  });

  it("quotes ThreatConnect's message and never a credential", async () => {
    h.sim.faults.next({ status: 500, times: Infinity });
    const err = (await rejectionOf(owners())) as TcApiError;
    expect(err.tcMessage).toBe('An internal error occurred');
    expect(err.message).toMatch(/failed with 500: An internal error occurred \(after 4 attempts\)$/);
    const printed = `${err.message} ${JSON.stringify(err)} ${String(err.stack)}`;
    expect(printed).not.toContain(h.sim.credentials.secretKey);
    expect(printed).not.toMatch(/Authorization|TC \d+:/);
  });

  it('does not retry a 400 and keeps the TQL and TC message in the error', async () => {
    const tql = 'typeName = "Host" and bogusField = 3';
    const err = (await rejectionOf(h.tc.get('/v3/indicators', { tql }))) as TcApiError;
    expect(err.status).toBe(400);
    expect(err.tcMessage).toMatch(/unknown parameter 'bogusField'/);
    expect(err.message).toContain(encodeURIComponent('bogusField'));
    expect(h.requestsTo('/v3/indicators')).toHaveLength(1);
  });

  it('stops waiting between retries when the signal aborts', async () => {
    const tc = createTcClient({ apiPath: h.sim.apiPath, hmac: h.sim.credentials, retry: { attempts: 5, baseDelayMs: 5000, maxDelayMs: 5000 } });
    h.sim.faults.next({ status: 503, times: Infinity });
    const controller = new AbortController();
    const pending = tc.get('/v3/security/owners', {}, { signal: controller.signal });
    setTimeout(() => controller.abort(new Error('job cancelled')), 50);
    const started = Date.now();
    await expect(pending).rejects.toThrow('job cancelled');
    expect(Date.now() - started).toBeLessThan(2000);
    tc.close();
  });
});

describe('network failures', () => {
  it('gives up with TcApiError carrying the cause, without a status', async () => {
    const server = http.createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    await new Promise((resolve) => server.close(resolve));
    const tc = createTcClient({ apiPath: `http://127.0.0.1:${port}/api`, hmac: h.sim.credentials, retry: FAST_RETRY });
    const err = (await rejectionOf(tc.get('/v3/security/owners'))) as TcApiError;
    tc.close();
    expect(err).toBeInstanceOf(TcApiError);
    expect(err.status).toBeUndefined();
    expect(err.attempts).toBe(4);
    expect((err.cause as { code?: string }).code).toBe('ECONNREFUSED');
    expect(err.message).toMatch(/^ThreatConnect API GET http:\/\/127\.0\.0\.1:\d+\/api\/v3\/security\/owners failed: .*ECONNREFUSED.*\(after 4 attempts\)$/);
    // The cause is a plain error: axios's request config (with its headers) is not attached.
    expect(JSON.stringify(Object.entries(err.cause as object))).not.toContain('headers');
  });
});

describe('answers', () => {
  it.each([
    ['a 200 with status Error', '{"status":"Error","message":"Something odd"}', /failed with 200: Something odd/],
    ['a 200 that is not JSON', '<html>proxy login</html>', /failed with 200: the response is not JSON/],
  ])('%s is a TcApiError', async (_name, body, pattern) => {
    const server = http.createServer((_req, res) => res.end(body));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const tc = createTcClient({ apiPath: `http://127.0.0.1:${port}/api`, hmac: h.sim.credentials, retry: FAST_RETRY });
    await expect(tc.get('/v3/x')).rejects.toThrow(pattern);
    tc.close();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('refuses to run without credentials', async () => {
    const tc = createTcClient({ apiPath: h.sim.apiPath });
    await expect(tc.get('/v3/security/owners')).rejects.toThrow(/no ThreatConnect credentials/);
    tc.close();
  });

  it.each(['not a url', 'ftp://host/api'])('rejects tc_api_path %s', (apiPath) => {
    expect(() => createTcClient({ apiPath })).toThrow(/tc_api_path/);
  });
});

describe('logging', () => {
  it('logs each request at debug with method, URL, status and duration, and no secret', async () => {
    const logs = createCapturedLogger({ level: 'debug' });
    const token = h.sim.issueToken({ expiresInSec: 120 });
    const tc = createTcClient({ apiPath: h.sim.apiPath, hmac: h.sim.credentials, logger: logs.logger, retry: FAST_RETRY });
    const tokenClient = createTcClient({
      apiPath: h.sim.apiPath,
      token: { token: token.token, tokenExpires: token.expires },
      logger: logs.logger,
      retry: FAST_RETRY,
    });
    h.sim.faults.next({ status: 503 });
    await tc.get('/v3/indicators', { tql: 'rating > 2', resultLimit: 5 });
    await tokenClient.get('/v3/security/owners');
    h.sim.faults.next({ status: 500, times: Infinity });
    const err = await rejectionOf(tokenClient.get('/v3/security/owners'));
    logs.logger.error('download failed', { err });
    tc.close();
    tokenClient.close();

    const requests = logs.records().filter((r) => r.message === 'ThreatConnect API request');
    expect(requests[0]).toMatchObject({ level: 'debug', method: 'GET', status: 503, url: expect.stringContaining('/api/v3/indicators?tql=rating%20%3E%202') });
    expect(requests[1]).toMatchObject({ status: 200, attempt: 2 });
    expect(typeof requests[0]!.durationMs).toBe('number');
    expect(requests.some((r) => String(r.url).includes('/appAuth?expiredToken=***'))).toBe(true);
    const text = logs.text();
    for (const secret of [h.sim.credentials.secretKey, token.token, ...h.sim.requests.flatMap((r) => (r.auth?.scheme === 'token' ? [r.auth.token] : []))]) {
      expect(text).not.toContain(secret);
    }
    expect(text).not.toMatch(/TC-Token|"Authorization"/i);
    await logs.logger.close();
  });
});
