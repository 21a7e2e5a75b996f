import path from 'node:path';
import { startStandaloneServer, type StandaloneTransport } from '../../../sdk/service';
import { createCapturedLogger } from '../../../sdk/testing/capture-logger';
import { startMosquitto, startRedis, type SystemService } from '../../../sdk/testing/system-services';
import { startCoreStack, type CoreStack } from '../../helpers/core-stack';
import { httpRouteClient } from '../../helpers/route-client';
import { FakeExportService } from './fake-export-service';
import { ALL_ROUTE_CASES, type RouteCase } from './route-cases';
import { buildRoutesApp, sendVia, type SendRoute } from './route-transport';

// Every route's success and every validation error, over both transports the service answers on. The service
// behind the routes is a double swapped for each case, so no case leaks state into another.
let fake = new FakeExportService();
const service = new Proxy({} as FakeExportService, { get: (_t, key) => Reflect.get(fake, key).bind(fake) });
const captured = createCapturedLogger({ level: 'debug' });
const app = buildRoutesApp(service, captured.logger, path.join(__dirname, '../../fixtures/ui/built'));

beforeEach(() => {
  fake = new FakeExportService();
});
afterAll(() => captured.logger.close());

async function checkCase(send: SendRoute, c: RouteCase): Promise<void> {
  c.setup?.(fake);
  const res = await send(c.req);
  expect({ status: res.status, body: res.body }).toMatchObject({ status: c.status, ...(c.body !== undefined ? { body: c.body } : {}) });
  // Answers from the API routes are never cached (body-parser's refusals come before them, and are not cached either).
  if ((res.status < 300 && c.req.path.startsWith('api/')) || Array.isArray((res.body as { details?: unknown } | undefined)?.details))
    expect(res.headers['cache-control']).toBe('no-store');
  if (c.status >= 400) {
    expect(Object.keys(res.body as object).every((k) => k === 'error' || k === 'details')).toBe(true);
    expect(res.text).not.toMatch(/\n\s+at /);
  }
  c.check?.(res, fake);
}

describe('HTTP API routes over the standalone HTTP transport', () => {
  let server: StandaloneTransport;
  let send: SendRoute;
  beforeAll(async () => {
    server = await startStandaloneServer({ handler: app.handler, logger: captured.logger, accessToken: false });
    send = sendVia(httpRouteClient(server.url));
  });
  afterAll(() => server.close());

  it.each(ALL_ROUTE_CASES.map((c) => [c.name, c] as const))('%s', (_name, c) => checkCase(send, c));

  it('logs an unexpected failure in full for the operator', async () => {
    fake.failWith.getConfig = new TypeError('cannot read x of undefined');
    await send({ method: 'GET', path: 'api/config' });
    const line = captured.records().findLast((r) => r.level === 'error');
    expect(line).toMatchObject({ method: 'GET', path: '/api/config', err: { message: 'cannot read x of undefined' } });
  });
});

describe('HTTP API routes over the Core transport (MQTT + Redis, Core emulator)', () => {
  let broker: SystemService;
  let redis: SystemService;
  let stack: CoreStack;
  let send: SendRoute;
  beforeAll(async () => {
    [broker, redis] = await Promise.all([startMosquitto(), startRedis()]);
    stack = await startCoreStack({ broker, redis, logger: captured.logger, overrides: { handler: app.handler } });
    send = sendVia(stack.emulator);
  });
  afterAll(async () => {
    await stack?.stop();
    await Promise.all([broker?.stop(), redis?.stop()]);
  });

  it.each(ALL_ROUTE_CASES.map((c) => [c.name, c] as const))('%s', (_name, c) => checkCase(send, c));
});
