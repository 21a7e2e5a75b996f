import type { AppStack } from '../../../app/testing/start-app-stack';
import type { Job } from '../../../app/export/types';
import { allOf, call, runJob, saveConfig, startStack, whenEngineFree } from './e2e-kit';

// The revoke guard: a slip (an empty configuration list, a TQL that matches little) must not take a SOC's
// detections out of Sentinel without someone saying so. Through the real HTTP API, against the simulators.
const SOURCE = 'ThreatConnect-Demo';
let stack: AppStack;
beforeAll(async () => {
  // Five tests of full updates send more than 100 requests: the window is scaled down so pacing does not wait a minute.
  stack = await startStack('revoke-guard', {
    tc: { indicatorCount: 1500, seed: 51, duplicateShare: 0 },
    sentinel: { settings: { windowMs: 300 } },
    app: { limits: { windowMs: 300 } },
  });
}, 60_000);
afterAll(() => stack?.close());

const revokedInSentinel = () =>
  new Set(
    stack.sentinel.store
      .all(SOURCE)
      .filter((o) => o.revoked === true)
      .map((o) => String(o.id)),
  );
const activeInSentinel = () =>
  new Set(
    stack.sentinel.store
      .all(SOURCE)
      .filter((o) => o.revoked !== true)
      .map((o) => String(o.id)),
  );
const decide = (job: Job, action: string) =>
  whenEngineFree(() => call<Job & { error?: string }>(stack, 'POST', `api/jobs/${job.requestId}/held-revocations`, { action }));
async function waitEnded(requestId: string): Promise<Job> {
  const t0 = Date.now();
  for (;;) {
    const { json } = await call<Job>(stack, 'GET', `api/jobs/${requestId}`);
    if (json.status === 'Upload Complete' || json.status === 'Failed') return json;
    if (Date.now() - t0 > 20_000) throw new Error(`job ${requestId} did not end (status ${json.status})`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

it('a full update with no configurations revokes nothing', async () => {
  await saveConfig(stack, [allOf(stack)]);
  const first = await runJob(stack, 'full');
  expect(first.counts.uploaded).toBeGreaterThan(1000);
  await saveConfig(stack, []);
  const empty = await runJob(stack, 'full');
  expect(empty).toMatchObject({ status: 'Upload Complete', counts: expect.objectContaining({ revoked: 0 }) });
  expect(empty.held).toBeUndefined();
  expect(revokedInSentinel().size).toBe(0);
  const tasks = (await call<{ tasks: Array<{ result?: string; name: string }> }>(stack, 'GET', `api/jobs/${empty.requestId}`)).json.tasks;
  expect(tasks.find((t) => t.name.startsWith('Revoke'))?.result).toMatch(/without query configurations revokes nothing/);
});

it('a TQL narrowed to a tenth holds its revocations; confirming sends exactly them', async () => {
  await saveConfig(stack, [allOf(stack)]);
  await runJob(stack, 'full');
  const before = activeInSentinel();
  await saveConfig(stack, [{ ...allOf(stack), tql: 'rating >= 5' }]);
  const narrowed = await runJob(stack, 'full');
  expect(narrowed.status).toBe('Upload Complete');
  expect(narrowed.counts.revoked).toBe(0);
  expect(narrowed.held).toMatchObject({
    state: 'held',
    reason: expect.stringMatching(/% of the [\d,]+ indicators Sentinel holds from the App, over the guard of 20%/),
  });
  expect(narrowed.held!.count).toBeGreaterThan(0.7 * before.size);
  expect(revokedInSentinel().size).toBe(0); // nothing went
  const kept = activeInSentinel();
  const errors = (await call<{ items: Array<{ message: string }> }>(stack, 'GET', `api/errors?requestId=${narrowed.requestId}&step=revoke`)).json.items;
  expect(errors[0]?.message).toMatch(/^Revocations held back: /);

  const confirmed = await decide(narrowed, 'revoke');
  expect(confirmed.status).toBe(200);
  const done = await waitEnded(narrowed.requestId);
  expect(done).toMatchObject({ status: 'Upload Complete', held: expect.objectContaining({ state: 'confirmed' }) });
  expect(done.counts.revoked).toBe(narrowed.held!.count);
  const revoked = revokedInSentinel();
  expect(revoked.size).toBe(narrowed.held!.count);
  // Exactly what the narrowed set no longer holds: each object is either still wanted or revoked.
  const wanted = new Set(
    stack.sentinel.store
      .all(SOURCE)
      .filter((o) => String(o.modified) >= narrowed.startedAt && o.revoked !== true)
      .map((o) => String(o.id)),
  );
  for (const id of kept) expect(revoked.has(id) !== wanted.has(id)).toBe(true);
  expect((await decide(narrowed, 'revoke')).status).toBe(409); // decided once
});

it('discarding sends nothing, and a later confirm of the same is refused', async () => {
  await saveConfig(stack, [allOf(stack)]);
  await runJob(stack, 'full');
  const revokedBefore = revokedInSentinel().size;
  await saveConfig(stack, [{ ...allOf(stack), tql: 'rating >= 5' }]);
  const narrowed = await runJob(stack, 'full');
  expect(narrowed.held?.state).toBe('held');
  const discarded = await decide(narrowed, 'discard');
  expect(discarded.status).toBe(200);
  expect(discarded.json.held).toMatchObject({ state: 'discarded' });
  expect((await decide(narrowed, 'revoke')).status).toBe(409);
  expect(revokedInSentinel().size).toBe(revokedBefore);
  expect(stack.sentinel.store.all(SOURCE).filter((o) => o.revoked === true && String(o.modified) > narrowed.startedAt)).toEqual([]);
});

it('confirming later revokes nothing a later job brought back', async () => {
  await saveConfig(stack, [allOf(stack)]);
  await runJob(stack, 'full');
  await saveConfig(stack, [{ ...allOf(stack), tql: 'rating >= 5' }]);
  const narrowed = await runJob(stack, 'full');
  expect(narrowed.held?.state).toBe('held');
  // A wider set runs meanwhile: everything is wanted again.
  await saveConfig(stack, [allOf(stack)]);
  const wide = await runJob(stack, 'full');
  expect(wide.held).toBeUndefined();
  const activeBefore = activeInSentinel();
  expect((await decide(narrowed, 'revoke')).status).toBe(200);
  const done = await waitEnded(narrowed.requestId);
  expect(done.counts.revoked).toBe(0);
  expect(activeInSentinel()).toEqual(activeBefore);
});

it('a download that did not complete revokes nothing, however small the set', async () => {
  await saveConfig(stack, [allOf(stack)]);
  await runJob(stack, 'full');
  const revokedBefore = revokedInSentinel().size;
  // ThreatConnect fails the second page for good (every retry): the job knows only part of the set.
  stack.tc.faults.next({ status: 500, body: { status: 'Error', message: 'Internal error' }, match: '/v3/indicators?', skip: 1, times: Infinity });
  try {
    const broken = await runJob(stack, 'full');
    expect(broken.status).toBe('Failed');
    expect(broken.counts.revoked).toBe(0);
  } finally {
    stack.tc.faults.clear();
  }
  expect(revokedInSentinel().size).toBe(revokedBefore);
});

it('answers 404 for an unknown job and 400 for an unknown action', async () => {
  expect((await call(stack, 'POST', 'api/jobs/00000000-0000-4000-8000-000000000000/held-revocations', { action: 'revoke' })).status).toBe(404);
  const any = (await call<{ items: Job[] }>(stack, 'GET', 'api/jobs')).json.items[0]!;
  expect((await decide(any, 'maybe')).status).toBe(400);
});
