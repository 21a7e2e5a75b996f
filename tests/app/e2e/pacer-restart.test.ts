import { startAppStack, type AppStack, type AppStackOptions } from '../../../app/testing/start-app-stack';
import { startSentinelSimulator, type SentinelSimulator } from '../../../app/testing/sentinel-simulator';
import { startTcSimulator, type TcSimulator } from '../../../sdk/testing/tc-simulator';
import { eventually } from '../../helpers/eventually';
import { allOf, call, ROOT, saveConfig, tempDir, waitForJob } from './e2e-kit';

// Sentinel counts requests per caller over a rolling window, whatever happens to the process sending them. A
// service stopped mid-upload and started again at once must not send into the window its predecessor used up.
// The window is scaled to 5 requests in 3 s (the App's pacer and the simulator's throttle alike).
const WINDOW = { maxRequestsPerWindow: 5, windowMs: 3000 };
let tc: TcSimulator;
let sentinel: SentinelSimulator;
let stack: AppStack | undefined;

beforeAll(async () => {
  tc = await startTcSimulator({ indicatorCount: 800, seed: 71, duplicateShare: 0 });
  sentinel = await startSentinelSimulator({ settings: { maxRequests: WINDOW.maxRequestsPerWindow, windowMs: WINDOW.windowMs } });
});
afterAll(async () => {
  await stack?.stopApp();
  await tc?.close();
  await sentinel?.close();
});

it('a restart inside the window waits for it: no 429 from Sentinel', async () => {
  const options: AppStackOptions = { workDir: tempDir('pacer-restart'), installDir: ROOT, tc, sentinel, app: { limits: WINDOW } };
  stack = await startAppStack(options);
  await saveConfig(stack, [allOf(stack)]);
  const { json } = await call<{ requestId: string }>(stack, 'POST', 'api/jobs', { mode: 'full' });
  // The first window's five requests have gone out: stop now, and start again straight away.
  await eventually(async () => expect(sentinel.uploads().length).toBeGreaterThanOrEqual(WINDOW.maxRequestsPerWindow), { timeoutMs: 10_000, intervalMs: 5 });
  await stack.stopApp();
  stack = await startAppStack(options);
  const job = await waitForJob(stack, json.requestId, 60_000);
  expect(job.status).toBe('Upload Complete');
  expect(sentinel.requests.filter((r) => r.status === 429)).toEqual([]);
}, 90_000);
