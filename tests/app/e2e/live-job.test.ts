import type { AppStack } from '../../../app/testing/start-app-stack';
import type { Job } from '../../../app/export/types';
import { allOf, call, saveConfig, startStack } from './e2e-kit';

// What JOBS shows of a running job comes from GET /api/jobs/:requestId: its stages, the send rate against
// Sentinel's ceiling, an ETA, and a sign while Sentinel throttles. Sentinel's limits are scaled down (5 requests a
// second) so the upload of ~3,300 objects takes several seconds.
let stack: AppStack;
beforeAll(async () => {
  stack = await startStack('live-job', {
    tc: { indicatorCount: 3000, seed: 77, duplicateShare: 0 },
    sentinel: { settings: { maxRequests: 5, windowMs: 1000 } },
    app: { limits: { maxRequestsPerWindow: 5, windowMs: 1000 } },
  });
}, 60_000);
afterAll(() => stack?.close());

it("a running job tells its stages, rate, ceiling, ETA and Sentinel's throttling; an ended one tells none", async () => {
  await saveConfig(stack, [allOf(stack)]);
  // One 429 with Retry-After once the upload is under way.
  stack.sentinel.faults.next({ status: 429, headers: { 'retry-after': '2' }, match: 'stix-objects:upload', skip: 8 });
  const started = await call<{ requestId: string }>(stack, 'POST', 'api/jobs', { mode: 'full' });
  expect(started.status).toBe(202);
  const seen: Job[] = [];
  for (const until = Date.now() + 60_000; Date.now() < until;) {
    const { json } = await call<Job>(stack, 'GET', `api/jobs/${started.json.requestId}`);
    seen.push(json);
    if (json.endedAt) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  const ended = seen.at(-1)!;
  expect(ended.status).toBe('Upload Complete');
  expect(ended.live).toBeUndefined();
  const live = seen.filter((j) => j.live).map((j) => j.live!);
  expect(live.length).toBeGreaterThan(5);
  const uploading = live.filter((l) => l.stage === 'upload' && l.objectsPerMinute > 0);
  expect(uploading.length).toBeGreaterThan(0);
  for (const l of uploading) {
    expect(l.ceilingPerMinute).toBe(30_000); // 100 objects × 5 requests a second
    expect(l.objectsPerMinute).toBeLessThanOrEqual(l.ceilingPerMinute! * 1.2);
  }
  expect(uploading.some((l) => l.etaSeconds !== undefined && l.etaSeconds > 0)).toBe(true);
  // The stages move forward, each within 0..1, and the upload's share never goes back.
  let upload = 0;
  for (const l of live) {
    for (const v of Object.values(l.stages)) expect(v).toBeGreaterThanOrEqual(0);
    expect(l.stages.upload).toBeGreaterThanOrEqual(upload);
    upload = l.stages.upload;
  }
  expect(live.some((l) => l.throttledUntil !== undefined)).toBe(true);
  expect(stack.sentinel.requests.filter((r) => r.status === 429).length).toBeGreaterThanOrEqual(1);
}, 90_000);

it('GET /api/holdings tells, per type, what Sentinel holds from the App as the ledger records it', async () => {
  const { status, json } = await call<{ at: string; types: Array<{ type: string; active: number; expiringSoon: number; expired: number; revoked: number }> }>(
    stack,
    'GET',
    'api/holdings',
  );
  expect(status).toBe(200);
  const inSentinel = stack.sentinel.store.all('ThreatConnect-Demo');
  const active = inSentinel.filter((o) => o.revoked !== true && String(o.valid_until) > json.at);
  expect(json.types.reduce((n, t) => n + t.active, 0)).toBe(active.length);
  expect(json.types.map((t) => t.type).sort()).toEqual(
    ['Address', 'ASN', 'CIDR', 'Email Subject', 'EmailAddress', 'File', 'Host', 'Registry Key', 'URL'].sort(),
  );
  for (const t of json.types) expect(t.expiringSoon).toBeLessThanOrEqual(t.active);
  expect((await call(stack, 'POST', 'api/holdings', {})).status).toBe(405);
});
