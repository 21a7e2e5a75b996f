import fs from 'node:fs';
import path from 'node:path';
import type { Job, Task } from '../../../app/export/types';
import { startAppStack, type AppStack } from '../../../app/testing/start-app-stack';
import { allOf, call, ROOT, runJob, saveConfig, tempDir } from './e2e-kit';

const DAY = 86_400_000;

it('the Cleaner deletes the jobs, tasks, errors and files past retention_days, and only those', async () => {
  let clock = Date.parse('2026-01-01T00:00:00Z');
  const workDir = tempDir('cleaner');
  const options = { workDir, installDir: ROOT, inputs: { retention_days: '30' }, app: { now: () => new Date(clock) } };
  let stack: AppStack = await startAppStack({ ...options, tc: { indicatorCount: 150, seed: 9, malformedCount: 3 } });
  const { tc, sentinel } = stack;
  try {
    await saveConfig(stack, [allOf(stack)]);
    const old = await runJob(stack, 'full');
    expect(old.counts.convertErrors).toBeGreaterThan(0);
    clock += 20 * DAY;
    const recent = await runJob(stack, 'delta');
    await stack.stopApp();

    clock += 15 * DAY; // the first job is now 35 days old, the second 15
    stack = await startAppStack({ ...options, tc, sentinel });
    const cleaner = async () =>
      (await call<{ items: Task[] }>(stack, 'GET', 'api/tasks?kind=cleaner&pageSize=50')).json.items.find(
        (t) => t.status === 'Completed' && /Deleted [1-9]/.test(t.result ?? ''),
      );
    for (let i = 0; i < 100 && !(await cleaner()); i++) await new Promise((r) => setTimeout(r, 50));
    expect((await cleaner())?.result).toMatch(/^Deleted 1 jobs, [1-9]\d* tasks, [1-9]\d* errors/);

    const jobs = (await call<{ items: Job[] }>(stack, 'GET', 'api/jobs?pageSize=50')).json.items.map((j) => j.requestId);
    // (the schedule, 35 days overdue, has also started a job by now)
    expect(jobs).toContain(recent.requestId);
    expect(jobs).not.toContain(old.requestId);
    expect((await call<{ total: number }>(stack, 'GET', `api/errors?requestId=${old.requestId}`)).json.total).toBe(0);
    expect((await call<{ total: number }>(stack, 'GET', `api/tasks?requestId=${old.requestId}`)).json.total).toBe(0);
    expect((await call<{ total: number }>(stack, 'GET', `api/tasks?requestId=${recent.requestId}`)).json.total).toBeGreaterThan(0);
    expect(fs.existsSync(path.join(workDir, 'out', 'jobs', old.requestId))).toBe(false);
    // The ledger is not history: what Sentinel holds from us is still known after the job that sent it is gone.
    expect(sentinel.store.size).toBeGreaterThan(0);
  } finally {
    await stack.close();
    await Promise.all([tc.close(), sentinel.close()]);
  }
}, 90_000);
