import fs from 'node:fs';
import path from 'node:path';
import type { ReconcileState } from '../../../app/export/export-service';
import type { IndicatorLookup } from '../../../app/routes/api-types';
import type { DriftItem, Job } from '../../../app/export/types';
import { startAppStack, type AppStack } from '../../../app/testing/start-app-stack';
import { allOf, call, ROOT, runJob, saveConfig, startStack, tempDir } from './e2e-kit';

// Reconciliation through the real service, against the simulated Sentinel's management API: what Sentinel really
// holds is compared with the ledger, drift is repaired or reported, and a steady full update sends only what changed.
const SOURCE = 'ThreatConnect-Demo';
let stack: AppStack;
let workDir: string;
/** The first stack, which owns the simulators the restarted App reuses: closed last. */
let first: AppStack | undefined;

const fast = { sentinel: { settings: { windowMs: 300 } }, app: { limits: { windowMs: 300 }, management: { readsPerSecond: 500, writesPerSecond: 500 } } };

beforeAll(async () => {
  workDir = tempDir('reconcile');
  stack = await startAppStack({ workDir, installDir: ROOT, tc: { indicatorCount: 1200, seed: 61, duplicateShare: 0 }, reconcile: true, ...fast });
}, 60_000);
afterAll(async () => {
  await stack?.close();
  if (first && first !== stack) await first.close();
});

const inSentinel = () => stack.sentinel.store.all(SOURCE);
const tcIdOf = (o: Record<string, unknown>) => Number((o.external_references as Array<{ external_id: string }>)[0]!.external_id);
/** Objects uploaded from the request index `from` on. */
const uploadedSince = (from: number) =>
  stack.sentinel
    .uploads()
    .filter((r) => stack.sentinel.requests.indexOf(r) >= from)
    .reduce((n, r) => n + (r.objects ?? 0), 0);

async function reconcileState(): Promise<ReconcileState> {
  return (await call<ReconcileState>(stack, 'GET', 'api/reconcile')).json;
}

/** Waits until no reconciliation runs (the one after a job included), then returns the state. */
async function settled(): Promise<ReconcileState> {
  const t0 = Date.now();
  for (;;) {
    const state = await reconcileState();
    if (!state.running) return state;
    if (Date.now() - t0 > 30_000) throw new Error('the reconciliation did not end');
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function reconcileNow(full = true): Promise<ReconcileState> {
  await settled();
  const started = await call<ReconcileState>(stack, 'POST', 'api/reconcile', { full });
  expect(started.status).toBe(202);
  await new Promise((r) => setTimeout(r, 20));
  return settled();
}

async function drift(kind?: string): Promise<DriftItem[]> {
  return (await call<{ items: DriftItem[] }>(stack, 'GET', `api/reconcile/drift?pageSize=100${kind ? `&kind=${kind}` : ''}`)).json.items;
}

async function fullJob(body: Record<string, unknown> = {}): Promise<Job> {
  await settled();
  const started = await call<{ requestId: string }>(stack, 'POST', 'api/jobs', { mode: 'full', ...body });
  expect(started.status).toBe(202);
  return runUntilEnded(started.json.requestId);
}

/** Waits for the job to end, then for the reconciliation after it. */
async function runUntilEnded(requestId: string): Promise<Job> {
  const t0 = Date.now();
  for (;;) {
    const { json } = await call<Job & { endedAt?: string }>(stack, 'GET', `api/jobs/${requestId}`);
    if (json.endedAt) {
      await settled();
      return json;
    }
    if (Date.now() - t0 > 60_000) throw new Error('the job did not end');
    await new Promise((r) => setTimeout(r, 50));
  }
}

it('after a full update, the listing agrees with the ledger type by type', async () => {
  await saveConfig(stack, [allOf(stack)]);
  const first = await fullJob();
  expect(first.status).toBe('Upload Complete');
  const state = await settled();
  expect(state).toMatchObject({ enabled: true, running: false, summary: { mode: 'list', missing: 0, unknown: 0, altered: 0 } });
  const summary = state.summary!;
  expect(summary.sentinelCount).toBe(inSentinel().length);
  expect(summary.ledgerCount).toBe(summary.sentinelCount);
  expect(summary.perType.length).toBeGreaterThan(3);
  for (const row of summary.perType) expect(row.sentinel).toBe(row.expected);
  expect(summary.perType.reduce((n, r) => n + r.sentinel, 0)).toBe(stack.sentinel.store.active(new Date(), SOURCE).length);
  // The task is in the job's list, after its stages.
  const tasks = (await call<{ tasks: Array<{ kind: string; result?: string }> }>(stack, 'GET', `api/jobs/${first.requestId}`)).json.tasks;
  expect(tasks.at(-1)).toMatchObject({ kind: 'reconcile', result: expect.stringMatching(/0 missing, 0 unknown, 0 altered/) });
  // Counts that agree within the interval are not listed again.
  expect((await reconcileNow(false)).summary).toMatchObject({ mode: 'count' });
}, 90_000);

it('a steady full update sends exactly the N indicators that changed; "Force re-send all" sends all', async () => {
  const single = inSentinel().filter((o) => !String(o.pattern).startsWith('[file:'));
  const changed = [...new Set(single.slice(0, 40).map(tcIdOf))].slice(0, 25);
  for (const id of changed) stack.tc.updateIndicator(id, { confidence: ((stack.tc.getIndicator(id)!.confidence ?? 50) + 7) % 100 });
  const from = stack.sentinel.requests.length;
  const steady = await fullJob();
  expect(steady.status).toBe('Upload Complete');
  expect(uploadedSince(from)).toBe(changed.length);
  expect(steady.counts.uploaded).toBe(changed.length);
  expect(steady.counts.current).toBe(inSentinel().length - changed.length);
  const upload = (await call<{ tasks: Array<{ kind: string; result?: string }> }>(stack, 'GET', `api/jobs/${steady.requestId}`)).json.tasks.find(
    (t) => t.kind === 'upload',
  );
  expect(upload?.result).toMatch(/already current/);
  for (const id of changed) {
    const objects = inSentinel().filter((o) => tcIdOf(o) === id);
    expect(objects.every((o) => o.confidence === stack.tc.getIndicator(id)!.confidence)).toBe(true);
  }

  const before = stack.sentinel.requests.length;
  const all = await fullJob({ resendAll: true });
  expect(all.status).toBe('Upload Complete');
  expect(uploadedSince(before)).toBe(inSentinel().length);
  expect(all.counts.current).toBe(0);
}, 120_000);

it('objects deleted in Sentinel behind the App’s back are found, and the next delta sends them again', async () => {
  const victims = inSentinel()
    .filter((o) => o.revoked !== true)
    .slice(100, 107)
    .map((o) => String(o.id));
  for (const id of victims) expect(stack.sentinel.store.remove(id, SOURCE)).toBe(true);
  const state = await reconcileNow(false); // the counts differ: listed without asking
  expect(state.summary).toMatchObject({ mode: 'list', missing: victims.length, unknown: 0, altered: 0 });
  const missing = await drift('missing');
  expect(missing.map((d) => d.stixId).sort()).toEqual([...victims].sort());
  expect(missing[0]).toMatchObject({ kind: 'missing', tcType: expect.any(String), detail: expect.stringMatching(/next job sends it again/) });
  // "Where is my indicator?" says so, by STIX id and by the start of its value; one still there is current.
  const lookup = async (q: string) => (await call<IndicatorLookup[]>(stack, 'GET', `api/indicators?q=${encodeURIComponent(q)}`)).json;
  const [gone] = await lookup(victims[0]!);
  expect(gone).toMatchObject({ stixId: victims[0], sentinel: 'missing', revoked: false });
  expect((await lookup(gone!.name.split(' | ')[0]!)).find((f) => f.stixId === victims[0])).toMatchObject({ sentinel: 'missing' });
  const present = inSentinel().find((o) => o.revoked !== true && !victims.includes(String(o.id)))!;
  expect((await lookup(String(present.id)))[0]).toMatchObject({ sentinel: 'current', seenAt: expect.any(String) });
  expect((await lookup(String(tcIdOf(present)))).some((f) => f.stixId === present.id)).toBe(true);
  expect(await lookup('no-such-value.example')).toEqual([]);
  expect((await call(stack, 'GET', 'api/indicators')).status).toBe(400);
  expect((await call(stack, 'GET', `api/indicators?q=${'x'.repeat(501)}`)).status).toBe(400);

  const from = stack.sentinel.requests.length;
  const started = await call<{ requestId: string }>(stack, 'POST', 'api/jobs', { mode: 'delta' });
  expect(started.status).toBe(202);
  await settled();
  const delta = await runUntilEnded(started.json.requestId);
  expect(delta.status).toBe('Upload Complete');
  for (const id of victims) expect(stack.sentinel.store.get(id, SOURCE)).toMatchObject({ id });
  for (const id of victims) expect(stack.sentinel.store.get(id, SOURCE)!.revoked).not.toBe(true);
  expect(uploadedSince(from)).toBeGreaterThanOrEqual(victims.length);
  const after = await settled();
  expect(after.summary).toMatchObject({ missing: 0 });
  expect(await drift('missing')).toEqual([]);
}, 90_000);

it('an object an ingestion rule altered is reported with what differs, and the next full update restores it', async () => {
  const target = inSentinel().find((o) => o.revoked !== true)!;
  const id = String(target.id);
  const sentUntil = String(target.valid_until);
  stack.sentinel.store.alter(id, SOURCE, (o) => {
    o.valid_until = '2099-01-01T00:00:00.000Z';
  });
  const state = await reconcileNow(true);
  expect(state.summary).toMatchObject({ mode: 'list', altered: 1, missing: 0, unknown: 0 });
  const [item] = await drift('altered');
  expect(item).toMatchObject({ stixId: id, kind: 'altered', detail: `valid_until: sent ${sentUntil}, Sentinel holds 2099-01-01T00:00:00.000Z` });
  const from = stack.sentinel.requests.length;
  const job = await fullJob();
  expect(job.counts.uploaded).toBe(1);
  expect(uploadedSince(from)).toBe(1);
  expect(stack.sentinel.store.get(id, SOURCE)!.valid_until).not.toBe('2099-01-01T00:00:00.000Z');
  expect(await drift('altered')).toEqual([]);
}, 90_000);

it('an object under the App’s source that the ledger does not know is reported, and revoked only on the confirmed count', async () => {
  const stranger = {
    ...inSentinel()[0]!,
    id: 'indicator--0f0f0f0f-1111-4222-8333-444455556666',
    pattern: "[domain-name:value = 'stranger.example']",
    modified: new Date().toISOString(),
  };
  stack.sentinel.store.put(stranger, SOURCE);
  const state = await reconcileNow(false);
  expect(state.summary).toMatchObject({ mode: 'list', unknown: 1, missing: 0 });
  expect(state.summary!.perType.find((r) => r.type === 'Unknown to the App')).toMatchObject({ sentinel: 1, expected: 0 });
  const [item] = await drift('unknown');
  expect(item).toMatchObject({ stixId: stranger.id, kind: 'unknown' });

  const wrong = await call<{ error: string }>(stack, 'POST', 'api/reconcile/unknown', { action: 'revoke', count: 2 });
  expect(wrong.status).toBe(409);
  expect(wrong.json.error).toMatch(/found 1 unknown objects, not 2/);
  expect(stack.sentinel.store.get(stranger.id, SOURCE)!.revoked).not.toBe(true);
  const bad = await call(stack, 'POST', 'api/reconcile/unknown', { action: 'delete', count: 1 });
  expect(bad.status).toBe(400);

  const done = await call<{ action: string; done: number; failed: number }>(stack, 'POST', 'api/reconcile/unknown', { action: 'revoke', count: 1 });
  expect(done).toMatchObject({ status: 200, json: { action: 'revoke', done: 1, failed: 0 } });
  expect(stack.sentinel.store.get(stranger.id, SOURCE)).toMatchObject({ revoked: true, pattern: stranger.pattern });
  expect(await drift('unknown')).toEqual([]);
  expect((await reconcileNow(true)).summary).toMatchObject({ unknown: 0, missing: 0, altered: 0 });
}, 90_000);

it('after the ledger is lost, a rebuild adopts what Sentinel holds and the next full update revokes exactly what left the set', async () => {
  await stack.stopApp();
  first = stack;
  fs.rmSync(path.join(workDir, 'out', 'state.db'), { force: true });
  for (const suffix of ['-wal', '-shm']) fs.rmSync(path.join(workDir, 'out', `state.db${suffix}`), { force: true });
  stack = await startAppStack({
    workDir,
    installDir: ROOT,
    tc: stack.tc,
    sentinel: stack.sentinel,
    reconcile: true,
    inputs: { revoke_guard_percent: '100' },
    app: fast.app,
  });
  const held = inSentinel().length;
  const state = await reconcileNow(false);
  expect(state.summary).toMatchObject({ mode: 'list', ledgerCount: 0, sentinelCount: held, unknown: held });

  const adopted = await call<{ done: number }>(stack, 'POST', 'api/reconcile/unknown', { action: 'adopt', count: held });
  expect(adopted).toMatchObject({ status: 200, json: { done: held } });
  expect((await reconcileNow(false)).summary).toMatchObject({ ledgerCount: held, unknown: 0, missing: 0 });

  // Five indicators leave ThreatConnect: the next full update revokes exactly their objects, nothing else.
  const active = inSentinel().filter((o) => o.revoked !== true);
  const gone = [...new Set(active.slice(0, 12).map(tcIdOf))].slice(0, 5);
  const goneIds = new Set(active.filter((o) => gone.includes(tcIdOf(o))).map((o) => String(o.id)));
  const revokedBefore = new Set(
    inSentinel()
      .filter((o) => o.revoked === true)
      .map((o) => String(o.id)),
  );
  for (const id of gone) stack.tc.deleteIndicator(id);
  await saveConfig(stack, [allOf(stack)]);
  const job = await fullJob();
  expect(job.status).toBe('Upload Complete');
  const revokedNow = inSentinel()
    .filter((o) => o.revoked === true && !revokedBefore.has(String(o.id)))
    .map((o) => String(o.id));
  expect(new Set(revokedNow)).toEqual(goneIds);
  expect(job.counts.revoked).toBe(goneIds.size);
}, 120_000);

it('while a job’s reconciliation runs, another job is refused with what holds the engine, then starts', async () => {
  await settled();
  stack.sentinel.faults.next({ delayMs: 1500, times: 1, match: '/count' });
  try {
    const started = await call<{ requestId: string }>(stack, 'POST', 'api/jobs', { mode: 'delta' });
    const t0 = Date.now();
    let job: Job & { endedAt?: string };
    do job = (await call<Job & { endedAt?: string }>(stack, 'GET', `api/jobs/${started.json.requestId}`)).json;
    while (!job.endedAt && Date.now() - t0 < 20_000);
    expect(await reconcileState()).toMatchObject({ running: true });
    const refused = await call<{ error: string }>(stack, 'POST', 'api/jobs', { mode: 'delta' });
    expect(refused).toMatchObject({
      status: 409,
      json: { error: `A reconciliation with Sentinel after job ${started.json.requestId} is running; try again when it ends` },
    });
    expect((await call<{ runningJob?: string }>(stack, 'GET', 'api/health')).json.runningJob).toBeUndefined();
    await settled();
    expect((await call(stack, 'POST', 'api/jobs', { mode: 'delta' })).status).toBe(202);
    await settled();
  } finally {
    stack.sentinel.faults.clear();
  }
}, 60_000);

describe('the management API throttles', () => {
  let slow: AppStack;
  afterAll(() => slow?.close());

  it('its 429s are waited out as Retry-After says, and the reconciliation completes', async () => {
    // A read bucket of 3 refilled at 2 a second, and pages of 100: the listing outruns it and is told to wait.
    slow = await startStack('reconcile-429', {
      tc: { indicatorCount: 600, seed: 62, duplicateShare: 0 },
      reconcile: true,
      sentinel: { settings: { windowMs: 300 }, armBuckets: { reads: { capacity: 3, refillPerSecond: 2 } } },
      app: { limits: { windowMs: 300 }, management: { pageSize: 100 } },
    });
    await saveConfig(slow, [allOf(slow)]);
    const job = await runJob(slow, 'full');
    expect(job.status).toBe('Upload Complete');
    const t0 = Date.now();
    let state: ReconcileState;
    for (;;) {
      state = (await call<ReconcileState>(slow, 'GET', 'api/reconcile')).json;
      if (!state.running && state.summary) break;
      if (Date.now() - t0 > 60_000) throw new Error('no reconciliation');
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(state.summary).toMatchObject({ mode: 'list', missing: 0, unknown: 0, altered: 0, sentinelCount: slow.sentinel.store.all(SOURCE).length });
    const queries = slow.sentinel.requests.filter((r) => r.kind === 'query');
    expect(queries.some((r) => r.status === 429)).toBe(true);
    expect(queries.filter((r) => r.status === 200).length).toBe(Math.ceil(slow.sentinel.store.all(SOURCE).length / 100));
  }, 90_000);
});

describe('without the management parameters', () => {
  let off: AppStack;
  afterAll(() => off?.close());

  it('reconciliation is off, says what it would give, and every job runs as before (every object sent)', async () => {
    off = await startStack('reconcile-off', { tc: { indicatorCount: 150, seed: 63 }, ...fast });
    const state = await call<ReconcileState>(off, 'GET', 'api/reconcile');
    expect(state.json).toMatchObject({
      enabled: false,
      running: false,
      help: expect.stringMatching(/Azure Subscription ID, Azure Resource Group and Sentinel Workspace Name/),
    });
    expect((await call<{ error: string }>(off, 'POST', 'api/reconcile', {})).status).toBe(409);
    await saveConfig(off, [allOf(off)]);
    const first = await runJob(off, 'full');
    const second = await runJob(off, 'full');
    expect(second.counts).toMatchObject({ uploaded: first.counts.uploaded, current: 0 });
    expect(off.sentinel.requests.some((r) => r.kind === 'query' || r.kind === 'count')).toBe(false);
  }, 60_000);
});
