import { uploadAll } from '../../../app/sentinel';
import { startSentinelSimulator, type SentinelSimulator } from '../../../app/testing/sentinel-simulator';
import { stixIndicator, stixTexts } from '../../helpers/stix-objects';
import { clientFor, maxInAnyWindow, SOURCE } from './sentinel-test-kit';

let sim: SentinelSimulator;
beforeAll(async () => {
  sim = await startSentinelSimulator();
});
afterAll(() => sim?.close());
beforeEach(() => {
  sim.reset();
  Object.assign(sim.settings, { maxRequests: 100, windowMs: 60_000, failureShare: 0, retryAfterHeader: true, forbidden: false, tokenLifetimeSeconds: 3599 });
});

const uploadSizes = () => sim.uploads().map((r) => r.objects);

describe('the upload client against the Sentinel simulator', () => {
  it('sends 250 objects as batches of 100, 100 and 50, all stored under our source', async () => {
    const { client, log } = clientFor(sim, { concurrency: 1 });
    const result = await uploadAll(client, stixTexts(250));
    client.close();
    expect(result).toMatchObject({ batches: 3, accepted: 250, rejected: [], failed: [] });
    expect(uploadSizes()).toEqual([100, 100, 50]);
    expect(sim.store.all(SOURCE)).toHaveLength(250);
    expect(sim.requests.filter((r) => r.kind === 'upload').every((r) => r.sourceSystem === SOURCE)).toBe(true);
    expect(log.text()).not.toContain(sim.credentials.clientSecret);
  });

  it('paces under the limit in every rolling window, without wasting capacity', async () => {
    Object.assign(sim.settings, { maxRequests: 10, windowMs: 1000 });
    const { client } = clientFor(sim, { maxRequestsPerWindow: 10, windowMs: 1000, concurrency: 4, maxObjectsPerRequest: 20 });
    const started = Date.now();
    const result = await uploadAll(client, stixTexts(35 * 20)); // 35 requests of 20
    const elapsed = Date.now() - started;
    client.close();
    expect(result.failed).toEqual([]);
    const times = sim.requests.filter((r) => r.kind === 'upload').map((r) => r.at);
    expect(
      sim.requests
        .filter((r) => r.kind === 'upload')
        .map((r) => r.status)
        .filter((s) => s !== 200),
    ).toEqual([]);
    expect(times).toHaveLength(35);
    expect(sim.requests.filter((r) => r.status === 429)).toHaveLength(0);
    expect(maxInAnyWindow(times, 1000)).toBeLessThanOrEqual(10);
    // 35 requests at 10 per second: the 31st can go at 3 s at the earliest; allow a little for margin and travel.
    expect(elapsed).toBeGreaterThanOrEqual(3000);
    expect(elapsed).toBeLessThan(3000 + 1200);
  });

  it.each([
    ['a Retry-After header', { status: 429, headers: { 'retry-after': '1' }, body: { statusCode: 429, message: 'Rate limit is exceeded.' } }, 1000],
    ['the seconds in the message', { status: 429, body: { statusCode: 429, message: 'Rate limit is exceeded. Try again in 1 seconds.' } }, 1000],
    ['neither (the default wait)', { status: 429, body: { statusCode: 429, message: 'Rate limit is exceeded.' } }, 700],
  ])('waits as told by %s after a 429, then goes on', async (_name, fault, waitMs) => {
    sim.faults.next({ ...fault, match: ':upload' });
    const { client, log } = clientFor(sim, { concurrency: 1, defaultRetryAfterMs: 700 });
    const started = Date.now();
    const result = await uploadAll(client, stixTexts(150));
    client.close();
    expect(result).toMatchObject({ accepted: 150, failed: [] });
    expect(Date.now() - started).toBeGreaterThanOrEqual(waitMs - 50);
    expect(sim.requests.filter((r) => r.status === 429)).toHaveLength(1);
    expect(log.records().some((r) => r.message === 'Sentinel throttled the upload (429); waiting as told' && r.waitMs === waitMs)).toBe(true);
  });

  it("obeys the simulator's own throttle when it is stricter than the pacer thinks", async () => {
    Object.assign(sim.settings, { maxRequests: 3, windowMs: 800, retryAfterHeader: false });
    const { client } = clientFor(sim, { concurrency: 2 });
    const result = await uploadAll(client, stixTexts(500));
    client.close();
    expect(result).toMatchObject({ accepted: 500, failed: [] });
    expect(sim.store.size).toBe(500);
    expect(sim.requests.some((r) => r.status === 429)).toBe(true);
  });

  it('recovers from injected 500/503s and dropped connections; every object is accepted exactly once', async () => {
    sim.settings.failureShare = 0.3;
    sim.faults.next({ drop: true, times: 3, match: ':upload' });
    sim.faults.next({ delayMs: 300, times: 2, match: ':upload' });
    const { client } = clientFor(sim, { concurrency: 3, maxAttempts: 12 });
    const result = await uploadAll(client, stixTexts(2000));
    client.close();
    expect(result).toMatchObject({ accepted: 2000, failed: [], rejected: [] });
    const stored = sim.uploads();
    expect(stored.reduce((n, r) => n + (r.objects ?? 0), 0)).toBe(2000);
    expect(sim.store.created).toBe(2000);
    expect(sim.store.updated + sim.store.stale).toBe(0);
    expect(sim.requests.filter((r) => r.status >= 500).length).toBeGreaterThan(0);
  });

  it('records a batch as failed after its attempts run out, with the reason', async () => {
    sim.settings.failureShare = 1;
    const { client } = clientFor(sim, { concurrency: 1, maxAttempts: 3 });
    const outcome = await client.upload(stixTexts(5));
    client.close();
    expect(outcome).toMatchObject({ status: 'failed', attempts: 3, fatal: false });
    expect(outcome.status === 'failed' && outcome.error.message).toMatch(/Sentinel answered 50[03]: The service is temporarily unavailable/);
  });

  it('maps per-object rejections back to the objects', async () => {
    const objects = stixTexts(10);
    objects[3] = JSON.stringify({ ...stixIndicator(3), pattern_type: undefined, valid_from: 'yesterday' });
    objects[7] = JSON.stringify({ ...stixIndicator(7), id: 'indicator--not-a-uuid' });
    const { client } = clientFor(sim);
    const result = await uploadAll(client, objects);
    client.close();
    expect(result.accepted).toBe(8);
    expect(result.rejected.map((r) => r.index)).toEqual([3, 7]);
    expect(result.rejected[0]!.messages.join(' ')).toMatch(/pattern_type|valid_from/);
    expect(sim.store.size).toBe(8);
  });

  it('renews an expired token mid-run without losing a batch', async () => {
    const { client, log } = clientFor(sim, { concurrency: 1 });
    await uploadAll(client, stixTexts(300));
    const issued = sim.tokensIssued;
    sim.expireTokens();
    const result = await uploadAll(client, stixTexts(300, 300));
    client.close();
    expect(result).toMatchObject({ accepted: 300, failed: [] });
    expect(sim.tokensIssued).toBe(issued + 1);
    expect(sim.requests.filter((r) => r.kind === 'upload' && r.status === 401)).toHaveLength(1);
    expect(sim.store.size).toBe(600);
    const text = log.text();
    expect(text).not.toMatch(/sim\.[A-Za-z0-9_-]{20,}/);
    expect(text).not.toContain(sim.credentials.clientSecret);
  });

  it('keeps the newer version when an object is sent again (the update rule)', async () => {
    const { client } = clientFor(sim);
    await client.upload([JSON.stringify(stixIndicator(1, '2026-01-02T00:00:00.000Z'))]);
    await client.upload([JSON.stringify({ ...stixIndicator(1, '2026-01-01T00:00:00.000Z'), name: 'older' })]);
    await client.upload([JSON.stringify({ ...stixIndicator(1, '2026-01-03T00:00:00.000Z'), name: 'newest' })]);
    client.close();
    expect(sim.store.size).toBe(1);
    expect(sim.store.all()[0]).toMatchObject({ name: 'newest', modified: '2026-01-03T00:00:00.000Z' });
  });

  it.each([
    ['an unknown workspace', { workspaceId: '00000000-0000-0000-0000-000000000000' }, {}, /404.*Check the Sentinel Workspace ID parameter/],
    ['a missing Sentinel role', {}, { forbidden: true }, /403.*Microsoft Sentinel Contributor role/],
  ])('fails fast with what to check for %s', async (_name, overrides, settings, expected) => {
    Object.assign(sim.settings, settings);
    const { client } = clientFor(sim, {}, overrides);
    const outcome = await client.upload(stixTexts(2));
    client.close();
    expect(outcome).toMatchObject({ status: 'failed', fatal: true, attempts: 1 });
    expect(outcome.status === 'failed' && outcome.error.message).toMatch(expected);
  });

  it('refuses a body of more than 100 objects (the simulator is strict too)', async () => {
    const { client } = clientFor(sim, { maxObjectsPerRequest: 101 });
    const outcome = await client.upload(stixTexts(101));
    client.close();
    expect(outcome).toMatchObject({ status: 'failed', fatal: true });
    expect(outcome.status === 'failed' && outcome.error.message).toMatch(/400.*at most 100 are allowed per request/);
  });
});
