import type { AppStack } from '../../../app/testing/start-app-stack';
import { allOf, runJob, saveConfig, startStack } from './e2e-kit';

// URLs live 24 hours and the schedule is every 24 hours: every URL would expire before the next run's end, so
// a delta re-sends exactly those; every other type lives 30 days or more and is left alone.
const isUrl = (o: Record<string, unknown>) => String(o.pattern).startsWith('[url:');

describe.each([
  ['on', 'true'],
  ['off', 'false'],
])('keep-alive %s', (state, keepAlive) => {
  let stack: AppStack;
  beforeAll(async () => {
    stack = await startStack(`keepalive-${state}`, {
      tc: { indicatorCount: 400, seed: 5 },
      inputs: { ttl_hours_url: '24', schedule_interval_hours: '24', keep_alive: keepAlive },
    });
  }, 60_000);
  afterAll(() => stack?.close());

  it(
    keepAlive === 'true' ? 're-sends exactly the entries about to expire on a delta' : 'sends nothing on a delta without changes',
    async () => {
      await saveConfig(stack, [allOf(stack)]);
      const full = await runJob(stack, 'full');
      expect(full.status).toBe('Upload Complete');
      const urls = stack.sentinel.store.all().filter(isUrl);
      expect(urls.length).toBeGreaterThan(5);
      const before = new Map(stack.sentinel.store.all().map((o) => [String(o.id), { modified: String(o.modified), validUntil: String(o.valid_until) }]));
      const delta = await runJob(stack, 'delta');
      expect(delta.status).toBe('Upload Complete');
      expect(delta.counts.uploaded).toBe(0);
      const changed = stack.sentinel.store.all().filter((o) => before.get(String(o.id))!.modified !== String(o.modified));
      if (keepAlive === 'true') {
        expect(delta.counts.refreshed).toBe(urls.length);
        expect(changed.map((o) => o.id).sort()).toEqual(urls.map((o) => o.id).sort());
        for (const o of changed) expect(Date.parse(String(o.valid_until))).toBeGreaterThan(Date.parse(before.get(String(o.id))!.validUntil));
      } else {
        expect(delta.counts.refreshed).toBe(0);
        expect(changed).toEqual([]);
      }
    },
    60_000,
  );
});
