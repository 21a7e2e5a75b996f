import { startAppStack, type AppStack, type AppStackOptions } from '../../../app/testing/start-app-stack';
import { startSentinelSimulator, type SentinelSimulator } from '../../../app/testing/sentinel-simulator';
import type { ConfigState, Job } from '../../../app/export/types';
import { startTcSimulator, type TcSimulator } from '../../../sdk/testing/tc-simulator';
import { createManualClock, type ManualClock } from '../../helpers/manual-clock';
import { eventually } from '../../helpers/eventually';
import { allOf, call, ROOT, runJob, saveConfig, tempDir, waitForJob } from './e2e-kit';

// The schedule, on a clock the test moves: the real service, its scheduler, ThreatConnect and Sentinel simulators.
const HOUR = 3600_000;
let tc: TcSimulator;
let sentinel: SentinelSimulator;
let clock: ManualClock;
let options: AppStackOptions;
let stack: AppStack | undefined;

beforeAll(async () => {
  [tc, sentinel] = await Promise.all([startTcSimulator({ indicatorCount: 200, seed: 81 }), startSentinelSimulator()]);
});
afterAll(async () => {
  await stack?.stopApp();
  await tc?.close();
  await sentinel?.close();
});

async function start(): Promise<AppStack> {
  await stack?.stopApp();
  stack = await startAppStack(options);
  return stack;
}
const s = () => stack!;
const jobs = async () => (await call<{ items: Job[] }>(s(), 'GET', 'api/jobs?pageSize=100')).json.items.slice().reverse(); // oldest first
const scheduled = async () => (await jobs()).filter((j) => j.type === 'scheduled');
const config = async () => (await call<ConfigState>(s(), 'GET', 'api/config')).json;
/** Once `count` jobs exist and none runs: a job the clock started is created a moment after the timer fires. */
async function settled(count: number): Promise<Job[]> {
  return eventually(
    async () => {
      const all = await jobs();
      if (all.length < count) throw new Error(`${all.length} of ${count} jobs so far`);
      if (all.some((j) => !j.endedAt)) throw new Error('a job is still running');
      return all;
    },
    { timeoutMs: 30_000 },
  );
}
/** Lets anything a timer started begin before asserting that nothing did. */
const quietly = () => new Promise((r) => setTimeout(r, 300));

beforeEach(async () => {
  clock = createManualClock(Date.parse('2026-12-07T00:00:00Z'));
  options = {
    workDir: tempDir('scheduler'),
    installDir: ROOT,
    tc,
    sentinel,
    inputs: { schedule_interval_hours: '24' },
    app: { now: clock.now, timers: clock.timers },
  };
  await start();
});
afterEach(async () => {
  await stack?.stopApp();
  stack = undefined;
});

it('runs every interval from the last scheduled start, in the mode of the last Save, then back to delta', async () => {
  await saveConfig(s(), [allOf(s())], 'full');
  clock.advance(24 * HOUR - 1);
  await quietly();
  expect(await jobs()).toEqual([]); // not a millisecond early
  clock.advance(1);
  const [first] = await settled(1);
  expect(first).toMatchObject({ type: 'scheduled', mode: 'full', status: 'Upload Complete', startedAt: '2026-12-08T00:00:00.000Z' });
  expect((await config()).nextUpdate).toBe('delta'); // a full update that succeeded hands over to deltas

  // An ad-hoc job in between does not move the schedule.
  clock.advance(6 * HOUR);
  await runJob(s(), 'delta');
  clock.advance(18 * HOUR);
  await settled(3);
  expect((await scheduled()).map((j) => [j.startedAt, j.mode])).toEqual([
    ['2026-12-08T00:00:00.000Z', 'full'],
    ['2026-12-09T00:00:00.000Z', 'delta'],
  ]);

  // Saving with "full" makes the next scheduled one a full update.
  await saveConfig(s(), [allOf(s())], 'full');
  clock.advance(24 * HOUR);
  await settled(4);
  expect((await scheduled()).at(-1)).toMatchObject({ mode: 'full', startedAt: '2026-12-10T00:00:00.000Z' });
}, 60_000);

it('after being down for several intervals, runs one catch-up job, not one per missed interval', async () => {
  await saveConfig(s(), [allOf(s())], 'delta');
  clock.advance(24 * HOUR);
  await settled(1);
  expect(await scheduled()).toHaveLength(1);
  await s().stopApp();
  clock.advance(100 * HOUR); // four intervals missed while stopped: nothing fires while nothing runs
  stack = undefined;
  await start();
  clock.advance(0);
  await settled(2);
  await quietly();
  const after = await scheduled();
  expect(after).toHaveLength(2);
  expect(after[1]!.startedAt).toBe('2026-12-12T04:00:00.000Z');
  // The next is an interval after the catch-up, not after the missed times.
  clock.advance(24 * HOUR - 1);
  await quietly();
  expect(await scheduled()).toHaveLength(2);
  clock.advance(1);
  await settled(3);
  expect((await scheduled()).map((j) => j.startedAt).at(-1)).toBe('2026-12-13T04:00:00.000Z');
}, 60_000);

it('never runs two jobs at once: a scheduled job due during an ad-hoc one starts when it ends', async () => {
  await saveConfig(s(), [allOf(s())], 'full');
  sentinel.faults.next({ delayMs: 400, times: Infinity, match: ':upload' });
  try {
    const { json } = await call<{ requestId: string }>(s(), 'POST', 'api/jobs', { mode: 'full' });
    clock.advance(24 * HOUR); // due now, while the ad-hoc job uploads
    expect((await call(s(), 'POST', 'api/jobs', { mode: 'delta' })).status).toBe(409);
    const adHoc = await waitForJob(s(), json.requestId);
    const all = await settled(2);
    await quietly();
    expect(await jobs()).toHaveLength(2);
    expect(all.map((j) => j.type)).toEqual(['ad-hoc', 'scheduled']);
    expect(all[1]!.startedAt >= adHoc.endedAt!).toBe(true);
  } finally {
    sentinel.faults.clear();
  }
}, 60_000);

it('skips a scheduled run when there is nothing configured, and says so in TASKS', async () => {
  clock.advance(24 * HOUR);
  const tasks = await eventually(async () => {
    const items = (await call<{ items: Array<{ kind: string; result?: string }> }>(s(), 'GET', 'api/tasks?kind=scheduler')).json.items;
    if (items.length === 0) throw new Error('no scheduler task yet');
    return items;
  });
  expect(tasks[0]!.result).toBe('No query configurations: nothing to run');
  expect(await jobs()).toEqual([]);
});
