import { createCapturedLogger } from '../../../../sdk/testing/capture-logger';
import { isCommand } from '../../../../sdk/testing/core-emulator';
import { startMosquitto, startRedis, type SystemService } from '../../../../sdk/testing/system-services';
import { startCoreStack, type CoreStack } from '../../../helpers/core-stack';
import { eventually } from '../../../helpers/eventually';
import { checkRouteCase, ROUTE_CASES } from '../../../helpers/route-cases';

const REDIS_PASSWORD = 'redis-pass-7f3a';
let broker: SystemService;
let redis: SystemService;

beforeAll(async () => {
  [broker, redis] = await Promise.all([startMosquitto(), startRedis({ password: REDIS_PASSWORD })]);
});
afterAll(async () => {
  await Promise.all([broker?.stop(), redis?.stop()]);
});

describe('Core transport: requests through a real broker and Redis', () => {
  const captured = createCapturedLogger({ level: 'info', secrets: [REDIS_PASSWORD, 'broker-token-abc'] });
  let stack: CoreStack;
  beforeAll(async () => {
    stack = await startCoreStack({ broker, redis, logger: captured.logger, redisPassword: REDIS_PASSWORD, redisDb: 3 });
  });
  afterAll(() => stack?.stop());

  it('published Ready with no discovery types', () => {
    expect(stack.emulator.messages[0]).toEqual({ command: 'Ready', discoveryTypes: [] });
  });

  it.each(ROUTE_CASES)('$name', async (c) => {
    await checkRouteCase(stack.emulator, c);
  });

  it('acknowledges with string statusCode/status, the body variable and a header list', async () => {
    const res = await stack.emulator.request('GET', 'api/status/201');
    expect(res.acknowledged).toEqual({
      command: 'Acknowledged',
      type: 'RunService',
      requestKey: expect.any(String),
      bodyVariable: 'response.body',
      statusCode: '201',
      status: 'Created',
      headers: expect.arrayContaining([{ name: 'content-type', value: 'application/json; charset=utf-8' }]),
    });
  });

  it('runs the request inside a context carrying the requestKey and the service token', async () => {
    const res = await stack.emulator.request('GET', '/api/context', { apiToken: 'SVC:per-request', expireSeconds: 1893456000 });
    expect(res.json()).toEqual({ requestId: res.acknowledged.requestKey, hasApiToken: true, apiTokenExpires: 1893456000 });
  });

  it('serves 20 requests at once; one slow request does not hold up the other 19', async () => {
    const from = stack.emulator.messages.length;
    const slow = stack.emulator.request('GET', '/api/slow');
    let slowDone = false;
    void slow.then(() => (slowDone = true));
    const fast = await Promise.all(Array.from({ length: 19 }, (_, i) => stack.emulator.request('POST', '/api/echo-body', { body: { i } })));
    expect(fast.map((r) => (r.json() as { body: { i: number } }).body.i)).toEqual(Array.from({ length: 19 }, (_, i) => i));
    expect(slowDone).toBe(false);
    stack.slow.release();
    expect((await slow).json()).toEqual({ slow: true });
    const acks = stack.emulator.messages.slice(from).filter((m) => isCommand(m, 'Acknowledged', 'RunService'));
    expect(acks).toHaveLength(20);
    expect(acks[19]?.requestKey).toBe((await slow).acknowledged.requestKey);
  });

  it('answers a heartbeat with the request metrics', async () => {
    const reply = await stack.emulator.heartbeat();
    expect(reply).toEqual({ command: 'Heartbeat', metric: { Requests: expect.any(Number), Responses: expect.any(Number), Errors: expect.any(Number) } });
    const metric = reply.metric as Record<string, number>;
    expect(metric.Requests).toBeGreaterThanOrEqual(ROUTE_CASES.length + 20);
    expect(metric.Responses).toBe(metric.Requests);
    expect(metric.Errors).toBeGreaterThanOrEqual(1); // the deliberate 500
  });

  it.each([
    ['DEBUG', 'debug'],
    ['warning', 'warning'],
    ['Info', 'info'],
  ])('LoggingChange %s takes effect at once', async (level, want) => {
    await stack.emulator.loggingChange(level);
    await eventually(async () => expect(captured.logger.level).toBe(want), { timeoutMs: 3000, intervalMs: 20 });
  });

  it('ignores an unknown log level', async () => {
    await stack.emulator.loggingChange('LOUD');
    await eventually(async () => expect(captured.text()).toContain('LoggingChange ignored'), { timeoutMs: 3000, intervalMs: 20 });
    expect(captured.logger.level).toBe('info');
  });

  it.each([
    ['not JSON', 'this is not json'],
    ['a JSON array', '[1,2,3]'],
    ['no command', { requestKey: 'x' }],
    ['a numeric command', { command: 42 }],
    ['RunService without requestKey', { command: 'RunService', method: 'GET', path: 'api/echo' }],
    ['an unknown command', { command: 'Reticulate' }],
    ['Acknowledged from Core', { command: 'acknowledged', type: 'Ready' }],
    ['BrokerCheck from Core', { command: 'BROKERCHECK' }],
    ['LoggingChange without level', { command: 'LoggingChange' }],
  ])('survives %s and keeps serving', async (_name, payload) => {
    await stack.emulator.sendRaw(payload as string | object);
    const res = await stack.emulator.request('GET', '/api/health');
    expect(res.status).toBe(200);
  });

  it.each([
    ['an unsupported method', { method: 'FETCH', path: 'api/echo' }, /method must be one of/],
    ['no path', { method: 'GET' }, /path must be a string/],
    ['headers that are not a list', { method: 'GET', path: 'x', headers: { a: 1 } }, /headers must be a list/],
  ])('answers a RunService with %s with 400 and the problem', async (_name, fields, problem) => {
    const from = stack.emulator.messages.length;
    await stack.emulator.sendRaw({ command: 'RunService', requestKey: `bad-${Math.random()}`, ...fields });
    const ack = await stack.emulator.waitForMessage((m) => isCommand(m, 'Acknowledged', 'RunService'), { from });
    expect(ack.statusCode).toBe('400');
    const res = await stack.emulator.request('GET', '/api/health');
    expect(res.status).toBe(200);
    expect(captured.text()).toMatch(problem);
  });

  it('matches commands case-insensitively', async () => {
    const from = stack.emulator.messages.length;
    await stack.emulator.sendRaw({ command: 'HEARTBEAT' });
    await stack.emulator.waitForMessage((m) => isCommand(m, 'Heartbeat'), { from });
  });

  it('reports broker and Redis in /api/health', async () => {
    const res = await stack.emulator.request('GET', '/api/health');
    expect(res.json()).toMatchObject({ status: 'ok', service: { transport: 'core', broker: 'connected', redis: 'ready' } });
  });

  it('never logs the broker token, the Redis password or service tokens', () => {
    expect(captured.text()).not.toContain('broker-token-abc');
    expect(captured.text()).not.toContain(REDIS_PASSWORD);
    expect(captured.text()).not.toContain('SVC:');
  });
});

describe('Core transport: Shutdown', () => {
  const { logger } = createCapturedLogger();

  it('acknowledges Shutdown, hands over to the shutdown path, then refuses new requests with 503', async () => {
    const stack = await startCoreStack({ broker, redis, logger, redisPassword: REDIS_PASSWORD });
    try {
      const ack = await stack.emulator.shutdown('Service disabled by user.');
      expect(ack).toEqual({ command: 'Acknowledged', type: 'Shutdown' });
      await eventually(async () => expect(stack.shutdowns).toEqual(['Service disabled by user.']), { timeoutMs: 3000, intervalMs: 20 });
      stack.transport.stopAccepting();
      const res = await stack.emulator.request('GET', '/api/health');
      expect(res.status).toBe(503);
      expect(res.json()).toEqual({ error: 'The service is shutting down' });
    } finally {
      await stack.stop();
    }
  });

  it('lets a running request finish when closed', async () => {
    const stack = await startCoreStack({ broker, redis, logger, redisPassword: REDIS_PASSWORD });
    const slow = stack.emulator.request('GET', '/api/slow');
    await new Promise((r) => setTimeout(r, 100));
    const closing = stack.transport.close(5000);
    stack.slow.release();
    expect((await slow).status).toBe(200);
    await closing;
    await stack.emulator.close();
  });
});

describe('Core transport: heartbeat watchdog', () => {
  const { logger, text } = createCapturedLogger();

  it('without heartbeats: publishes BrokerCheck, waits, then shuts down', async () => {
    const stack = await startCoreStack({
      broker,
      redis,
      logger,
      redisPassword: REDIS_PASSWORD,
      overrides: { heartbeatTimeoutSeconds: 1, brokerCheckWaitMs: 300 },
    });
    try {
      const check = await stack.emulator.waitForMessage((m) => isCommand(m, 'BrokerCheck'), { timeoutMs: 3000 });
      expect(check).toMatchObject({ command: 'BrokerCheck', date: expect.any(String) });
      expect(stack.shutdowns).toEqual([]);
      await eventually(async () => expect(stack.shutdowns).toEqual(['No heartbeat from Core within 1 s']), { timeoutMs: 3000, intervalMs: 20 });
      expect(text()).toContain('No heartbeat from Core in time');
    } finally {
      await stack.stop();
    }
  });

  it('with heartbeats in time: keeps running', async () => {
    const stack = await startCoreStack({
      broker,
      redis,
      logger,
      redisPassword: REDIS_PASSWORD,
      overrides: { heartbeatTimeoutSeconds: 1, brokerCheckWaitMs: 100 },
    });
    try {
      for (let i = 0; i < 6; i += 1) {
        await stack.emulator.heartbeat();
        await new Promise((r) => setTimeout(r, 300));
      }
      expect(stack.shutdowns).toEqual([]);
      expect(stack.emulator.messages.some((m) => isCommand(m, 'BrokerCheck'))).toBe(false);
    } finally {
      await stack.stop();
    }
  });
});
