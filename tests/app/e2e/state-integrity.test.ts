import fs from 'node:fs';
import path from 'node:path';
import { startAppStack, type AppStack, type AppStackOptions } from '../../../app/testing/start-app-stack';
import type { StateView } from '../../../app/state-guard';
import { startTcSimulator, type TcSimulator } from '../../../sdk/testing/tc-simulator';
import { startSentinelSimulator, type SentinelSimulator } from '../../../app/testing/sentinel-simulator';
import { eventually } from '../../helpers/eventually';
import { allOf, call, ROOT, runJob, saveConfig, tempDir } from './e2e-kit';

// The ledger (state.db) is the App's memory of what Sentinel holds from it. A damaged one must stop every job
// before it spends quota or revokes by mistake, a copy after each successful job must bring it back exactly, and a
// missing one must be said out loud. Through the real service, restarted over the same out folder.
const SOURCE = 'ThreatConnect-Demo';
let tc: TcSimulator;
let sentinel: SentinelSimulator;
let stack: AppStack | undefined;
let options: AppStackOptions;
const out = () => path.join(options.workDir, 'out');
const stateFile = () => path.join(out(), 'state.db');
const backups = () =>
  fs
    .readdirSync(path.join(out(), 'state-backups'))
    .filter((n) => /^state-.*\.db$/.test(n))
    .sort();
const logText = () => fs.readFileSync(path.join(options.workDir, 'log', 'app.log'), 'utf8');

async function restart(): Promise<AppStack> {
  await stack?.stopApp();
  stack = await startAppStack(options);
  return stack;
}

beforeAll(async () => {
  tc = await startTcSimulator({ indicatorCount: 2000, seed: 61, duplicateShare: 0 });
  sentinel = await startSentinelSimulator({ settings: { windowMs: 300 } });
  options = { workDir: tempDir('state-integrity'), installDir: ROOT, tc, sentinel, app: { limits: { windowMs: 300 } } };
  stack = await startAppStack(options);
}, 60_000);
afterAll(async () => {
  await stack?.stopApp();
  await tc?.close();
  await sentinel?.close();
});

const s = () => stack!;
const sentinelIdsOf = (tcId: number) =>
  sentinel.store.all(SOURCE).filter((o) => (o.external_references as Array<{ external_id?: string }> | undefined)?.some((r) => r.external_id === String(tcId)));

it('copies the state after each successful job, keeping the newest two', async () => {
  await saveConfig(s(), [allOf(s())]);
  expect((await runJob(s(), 'full')).status).toBe('Upload Complete');
  expect(backups()).toHaveLength(1);
  expect((await runJob(s(), 'delta')).status).toBe('Upload Complete');
  expect((await runJob(s(), 'delta')).status).toBe('Upload Complete');
  expect(backups()).toHaveLength(2);
  const view = (await call<StateView>(s(), 'GET', 'api/state')).json;
  expect(view).toMatchObject({ status: 'ok', backups: [{ name: backups()[1] }, { name: backups()[0] }] });
  // A copy is a database SQLite accepts, with the ledger in it.
  expect(fs.statSync(path.join(out(), 'state-backups', backups()[1]!)).size).toBeGreaterThan(100_000);
}, 60_000);

it('a page of state.db overwritten: the App starts, runs no job, and health and every API answer say why', async () => {
  tc.updateIndicator(7, { confidence: 77 } as never);
  expect((await runJob(s(), 'delta')).counts.uploaded).toBeGreaterThan(0); // the newest copy now holds this change
  await s().stopApp();
  const size = fs.statSync(stateFile()).size;
  const fd = fs.openSync(stateFile(), 'r+');
  fs.writeSync(fd, Buffer.alloc(8192, 0x41), 0, 8192, Math.floor(size / 2 / 4096) * 4096);
  fs.closeSync(fd);
  const requestsBefore = sentinel.requests.length;
  await restart();

  const health = (await call<{ status: string; state: { error: string } }>(s(), 'GET', 'api/health')).json;
  expect(health.status).toBe('degraded');
  expect(health.state.error).toMatch(/^The state database is damaged: .*malformed.*; no job runs until a copy is restored$/);
  const view = (await call<StateView>(s(), 'GET', 'api/state')).json;
  expect(view).toMatchObject({
    status: 'damaged',
    message: expect.stringMatching(/damaged: no job runs/),
    wayOut: expect.stringMatching(/^Restore the newest copy/),
  });
  expect(view.backups).toHaveLength(2);
  for (const [method, route, body] of [
    ['POST', 'api/jobs', { mode: 'full' }],
    ['GET', 'api/config', undefined],
    ['GET', 'api/jobs', undefined],
  ] as const) {
    const answer = await call<{ error: string }>(s(), method, route, body);
    expect(answer.status).toBe(503);
    expect(answer.json.error).toMatch(/state database \(state\.db\) is damaged/);
  }
  expect((await fetch(new URL('', s().url))).status).toBe(200); // the UI still loads, to show the banner
  expect(sentinel.requests.length).toBe(requestsBefore); // nothing was sent
  await eventually(async () => expect(logText()).toMatch(/"level":"critical","message":"The state database is damaged: the service starts without it"/));
  expect((await call(s(), 'POST', 'api/state/acknowledge')).status).toBe(409); // damaged is not dismissed
}, 60_000);

it('restoring the newest copy brings the ledger back: the next delta is exact', async () => {
  const bad = await call<{ error: string }>(s(), 'POST', 'api/state/restore', { backup: 'state-20260101T000000000Z.db' });
  expect(bad.status).toBe(404);
  expect((await call(s(), 'POST', 'api/state/restore', { backup: '../state.db' })).status).toBe(400);
  const newest = backups()[1]!;
  const restored = await call<StateView>(s(), 'POST', 'api/state/restore', { backup: newest });
  expect(restored.status).toBe(200);
  expect(restored.json).toMatchObject({ status: 'ok', restoredFrom: newest });
  expect(fs.readdirSync(path.join(out(), 'state-backups')).some((n) => /^replaced-.*\.db$/.test(n))).toBe(true); // the damaged file is kept aside
  expect((await call<{ status: string }>(s(), 'GET', 'api/health')).json.status).toBe('ok');
  expect((await call(s(), 'POST', 'api/state/restore', { backup: newest })).status).toBe(409); // a sound state is not replaced

  // What changed since the copy: one indicator edited, one deleted. The delta sends exactly that.
  tc.updateIndicator(11, { confidence: 12 } as never);
  const deletedIds = sentinelIdsOf(13).map((o) => String(o.id));
  expect(deletedIds.length).toBeGreaterThan(0);
  tc.deleteIndicator(13);
  const delta = await runJob(s(), 'delta');
  expect(delta.status).toBe('Upload Complete');
  // Indicator 11, and 7 again: the delta looks back 5 minutes before the copy's run (deltaOverlapMs).
  expect(delta.counts).toMatchObject({ downloaded: 2, uploaded: sentinelIdsOf(11).length + sentinelIdsOf(7).length });
  expect(delta.counts.revoked).toBe(deletedIds.length);
  for (const id of deletedIds) expect(sentinel.store.get(id, SOURCE)?.revoked).toBe(true);
  expect(sentinelIdsOf(11).every((o) => o.confidence === 12)).toBe(true);
  expect(sentinelIdsOf(7).every((o) => o.confidence === 77)).toBe(true);
}, 60_000);

it('state.db deleted: a WARN, a notice that stays until dismissed, and jobs still run', async () => {
  await s().stopApp();
  for (const suffix of ['', '-wal', '-shm']) fs.rmSync(stateFile() + suffix, { force: true });
  await restart();
  await eventually(async () =>
    expect(logText()).toMatch(
      /"level":"warning","message":"The state database was missing and has been created empty: indicators sent before will not be revoked or kept alive/,
    ),
  );
  const view = (await call<StateView>(s(), 'GET', 'api/state')).json;
  expect(view).toMatchObject({
    status: 'missing',
    message: expect.stringMatching(/will not be revoked or kept alive/),
    wayOut: expect.stringMatching(/^Restore the newest copy/),
  });
  expect((await call<{ status: string }>(s(), 'GET', 'api/health')).json.status).toBe('ok');
  // The notice survives a restart until someone dismisses it.
  await restart();
  expect((await call<StateView>(s(), 'GET', 'api/state')).json.status).toBe('missing');
  const dismissed = await call<StateView>(s(), 'POST', 'api/state/acknowledge');
  expect(dismissed).toMatchObject({ status: 200, json: { status: 'ok' } });
  expect((await call(s(), 'POST', 'api/state/acknowledge')).status).toBe(409);
}, 60_000);
