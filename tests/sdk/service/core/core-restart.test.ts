import { createCapturedLogger } from '../../../../sdk/testing/capture-logger';
import { startMosquitto, startRedis, type SystemService } from '../../../../sdk/testing/system-services';
import { startCoreStack, type CoreStack } from '../../../helpers/core-stack';
import { eventually } from '../../../helpers/eventually';

// Each restart kills the real process and starts a new one on the same port: connections drop, subscriptions and
// Redis data are gone, and the service must notice, reconnect, re-subscribe and serve again.
describe('Core transport survives restarts', () => {
  const captured = createCapturedLogger({ level: 'info' });
  let broker: SystemService;
  let redis: SystemService;
  let stack: CoreStack;

  beforeAll(async () => {
    [broker, redis] = await Promise.all([startMosquitto(), startRedis()]);
    stack = await startCoreStack({ broker, redis, logger: captured.logger });
  });
  afterAll(async () => {
    await stack?.stop();
    await Promise.all([broker?.stop(), redis?.stop()]);
  });

  const roundTrip = async () => {
    const res = await stack.emulator.request('POST', '/api/echo-body', { body: { ping: 1 }, timeoutMs: 1500 });
    expect(res.status).toBe(200);
    expect(res.json()).toMatchObject({ body: { ping: 1 } });
  };

  it.each([
    ['the broker', () => broker],
    ['Redis', () => redis],
    ['the broker again', () => broker],
  ])('serves again after %s restarts', async (_name, service) => {
    await roundTrip();
    await service().restart();
    await eventually(roundTrip, { timeoutMs: 20_000, intervalMs: 200 });
  });

  it('logged the lost and restored connections', () => {
    expect(captured.text()).toContain('Lost the message broker connection; reconnecting');
    expect(captured.text()).toContain('Reconnected to the message broker');
    expect(captured.text()).toContain('Key-value store (Redis) connection restored');
  });

  it('a request that arrives while Redis is down waits for it and is then served', async () => {
    let pending: Promise<{ status: number }> | undefined;
    await redis.restart({
      whileDown: async () => {
        pending = stack.emulator.request('GET', '/api/health', { timeoutMs: 15_000 });
        await new Promise((r) => setTimeout(r, 500));
      },
    });
    expect((await pending)?.status).toBe(200);
  });
});
