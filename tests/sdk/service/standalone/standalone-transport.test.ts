import http from 'node:http';
import { startStandaloneServer, type StandaloneTransport } from '../../../../sdk/service/standalone/standalone-transport';
import { ACCESS_COOKIE } from '../../../../sdk/service/standalone/access-token';
import { createCapturedLogger } from '../../../../sdk/testing/capture-logger';
import { checkRouteCase, ROUTE_CASES } from '../../../helpers/route-cases';
import { findHeader, httpRouteClient } from '../../../helpers/route-client';
import { buildTestApp } from '../../../helpers/test-service';

const TOKEN = 'standalone-access-token-6d1f0e';

describe('standalone transport: the shared route table over HTTP', () => {
  const captured = createCapturedLogger({ level: 'debug' });
  const { http: app } = buildTestApp(captured.logger);
  let server: StandaloneTransport;

  beforeAll(async () => {
    server = await startStandaloneServer({ handler: app.handler, logger: captured.logger, accessToken: false });
  });
  afterAll(() => server.close(1000));

  it.each(ROUTE_CASES)('$name', async (c) => {
    await checkRouteCase(httpRouteClient(server.url), c);
  });

  it('listens on 127.0.0.1 by default and runs each request in a request context without a service token', async () => {
    expect(server.host).toBe('127.0.0.1');
    const res = await httpRouteClient(server.url).request('GET', '/api/context');
    expect(JSON.parse(res.body.toString())).toEqual({ requestId: expect.stringMatching(/^[0-9a-f-]{36}$/), hasApiToken: false, apiTokenExpires: null });
  });

  it('reports the transport in /api/health once registered', async () => {
    app.health.add('service', () => server.health());
    const res = await httpRouteClient(server.url).request('GET', '/api/health');
    expect(JSON.parse(res.body.toString())).toMatchObject({ status: 'ok', service: { transport: 'standalone' }, app: { exports: 'idle' } });
  });

  it('logs method, path, status and duration, never query values or headers', async () => {
    await httpRouteClient(server.url).request('GET', '/api/echo', { query: { access_token: 'q-secret-1' }, headers: { authorization: 'Bearer h-secret-2' } });
    const line = captured.records().find((r) => r.message === 'Request answered' && r.path === '/api/echo');
    // A successful read (what an open UI polls) at debug: the log is not filled by a browser tab.
    expect(line).toMatchObject({ method: 'GET', path: '/api/echo', status: 200, durationMs: expect.any(Number), level: 'debug' });
    expect(captured.text()).not.toContain('q-secret-1');
    expect(captured.text()).not.toContain('h-secret-2');
  });
});

describe('standalone transport: access token', () => {
  const { logger, text } = createCapturedLogger();
  const { http: app } = buildTestApp(logger);
  let server: StandaloneTransport;

  beforeAll(async () => {
    server = await startStandaloneServer({ handler: app.handler, logger, accessToken: TOKEN });
  });
  afterAll(() => server.close(1000));

  it.each([
    ['no credentials', 401, []],
    ['a wrong bearer token', 401, [['authorization', 'Bearer nope']]],
    ['a bearer token of another length', 401, [['authorization', `Bearer ${TOKEN}x`]]],
    ['the right bearer token', 200, [['authorization', `Bearer ${TOKEN}`]]],
    ['lower-case scheme', 200, [['authorization', `bearer ${TOKEN}`]]],
    ['a forged cookie', 401, [['cookie', `${ACCESS_COOKIE}=forged`]]],
  ] as Array<[string, number, Array<[string, string]>]>)('%s → %i', async (_name, status, headers) => {
    const res = await httpRouteClient(server.url).request('GET', '/api/health', { headers });
    expect(res.status).toBe(status);
    if (status === 401) {
      expect(JSON.parse(res.body.toString())).toMatchObject({ error: expect.any(String), details: { hint: expect.any(String) } });
      expect(findHeader(res.headers, 'www-authenticate')).toBe('Bearer');
    }
  });

  it('?access_token= sets an HttpOnly cookie, redirects without the token, and the cookie then works', async () => {
    const first = await httpRouteClient(server.url).request('GET', '/', {
      query: [
        ['access_token', TOKEN],
        ['tab', 'jobs'],
      ],
    });
    expect(first.status).toBe(303);
    expect(findHeader(first.headers, 'location')).toBe('/?tab=jobs');
    const cookie = findHeader(first.headers, 'set-cookie') ?? '';
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    expect(cookie).not.toContain(TOKEN);
    const pair = cookie.split(';', 1)[0] ?? '';
    const next = await httpRouteClient(server.url).request('GET', '/api/health', { headers: { cookie: pair } });
    expect(next.status).toBe(200);
  });

  it('a wrong ?access_token= is refused', async () => {
    const res = await httpRouteClient(server.url).request('GET', '/', { query: { access_token: 'wrong' } });
    expect(res.status).toBe(401);
  });

  it('never logs the token', () => {
    expect(text()).not.toContain(TOKEN);
  });
});

describe('standalone transport: binding and shutdown', () => {
  const { logger } = createCapturedLogger();

  it.each(['0.0.0.0', '::'])('refuses to listen on %s without an access token', async (host) => {
    const { http: app } = buildTestApp(logger);
    await expect(startStandaloneServer({ handler: app.handler, logger, host, accessToken: false })).rejects.toThrow(/access token is required/);
  });

  it('listens on 0.0.0.0 with a token', async () => {
    const { http: app } = buildTestApp(logger);
    const server = await startStandaloneServer({ handler: app.handler, logger, host: '0.0.0.0', accessToken: TOKEN });
    const res = await httpRouteClient(`http://127.0.0.1:${server.port}/`).request('GET', '/api/health', { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(res.status).toBe(200);
    await server.close(1000);
  });

  it('lets a running request finish on close, then stops listening', async () => {
    const { http: app, slow } = buildTestApp(logger);
    const server = await startStandaloneServer({ handler: app.handler, logger, accessToken: false });
    const client = httpRouteClient(server.url);
    const pending = client.request('GET', '/api/slow');
    await new Promise((r) => setTimeout(r, 50));
    const closing = server.close(5000);
    slow.release();
    const res = await pending;
    expect(res.status).toBe(200);
    await closing;
    await expect(new Promise((resolve, reject) => http.get(server.url, resolve).on('error', reject))).rejects.toThrow(/ECONNREFUSED/);
  });
});
