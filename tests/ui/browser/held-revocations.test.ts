import type { Page } from 'playwright-core';
import type { Job } from '../../../app/export/types';
import type { AppStack } from '../../../app/testing/start-app-stack';
import { saveScreenshot } from '../../helpers/browser';
import { eventually } from '../../helpers/eventually';
import { allOf, runJob, saveConfig } from '../../app/e2e/e2e-kit';
import { startRealServiceSession, type RealServiceSession } from './ui-session';

// The revoke guard's way out, in Chromium against the real service and the simulators: a narrowed TQL holds its
// revocations; JOBS says so, asks once more, and only the confirmation revokes, exactly what was held.
const SOURCE = 'ThreatConnect-Demo';
let session: RealServiceSession;
let stack: AppStack;
let page: Page;
let pageErrors: string[] = [];

beforeAll(async () => {
  session = await startRealServiceSession('held-browser', {
    tc: { indicatorCount: 1200, seed: 23, duplicateShare: 0 },
    sentinel: { settings: { windowMs: 300 } },
    app: { limits: { windowMs: 300 } },
    access: 'none',
  });
  ({ stack, page, pageErrors } = session);
}, 60_000);
afterAll(() => session?.close());

const revoked = () => stack.sentinel.store.all(SOURCE).filter((o) => o.revoked === true).length;

async function narrowedJob(): Promise<Job> {
  await saveConfig(stack, [allOf(stack)]);
  await runJob(stack, 'full');
  await saveConfig(stack, [{ ...allOf(stack), tql: 'rating >= 5' }]);
  const job = await runJob(stack, 'full');
  expect(job.held?.state).toBe('held');
  return job;
}

async function openJob(job: Job) {
  await page.goto('about:blank'); // a fresh load: the jobs ran outside this page
  await page.goto(`${session.proxy.url}#/jobs`);
  await page.getByTestId('held-banner').filter({ hasText: job.requestId }).waitFor();
  const row = page.locator(`[data-testid="job-row"][data-request-id="${job.requestId}"]`);
  await row.getByTestId('held-badge').waitFor();
  await row.getByRole('button', { name: `Show details of job ${job.requestId}` }).click();
  return page.getByRole('region', { name: 'Revocations held back' });
}

it('asks once more, then revokes exactly the held indicators; Cancel sends nothing', async () => {
  const job = await narrowedJob();
  const n = job.held!.count.toLocaleString();
  const held = await openJob(job);
  expect(await held.textContent()).toContain(`would revoke ${n} indicators in Sentinel, and sent none of them`);
  await saveScreenshot(page, 'jobs-held-revocations');

  await held.getByRole('button', { name: `Revoke these ${n}` }).click();
  const dialog = page.getByRole('dialog', { name: `Revoke ${n} indicators?` });
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await dialog.waitFor({ state: 'detached' });
  expect(revoked()).toBe(0);

  await held.getByRole('button', { name: `Revoke these ${n}` }).click();
  await saveScreenshot(page, 'jobs-held-confirm');
  await dialog.getByRole('button', { name: `Revoke ${n} indicators` }).click();
  await dialog.waitFor({ state: 'detached' });
  await eventually(
    async () => expect(await page.getByTestId('held-revocations').textContent()).toMatch(new RegExp(`^${job.held!.count} held revocations confirmed on `)),
    { timeoutMs: 20_000 },
  );
  await eventually(async () => expect(revoked()).toBe(job.held!.count), { timeoutMs: 20_000 });
  await eventually(async () => expect(await page.getByTestId('job-details').locator('dd[data-count="revoked"]').textContent()).toBe(n), { timeoutMs: 20_000 });
  await expect(page.getByTestId('held-banner').count()).resolves.toBe(0);
  expect(pageErrors).toEqual([]);
}, 90_000);

it('Discard sends nothing and clears the notice', async () => {
  const job = await narrowedJob(); // its first, wider run sent the indicators revoked above again, active
  const before = revoked();
  const held = await openJob(job);
  await held.getByRole('button', { name: 'Discard' }).click();
  await eventually(async () => expect(await page.getByTestId('held-revocations').textContent()).toMatch(/held revocations discarded: nothing was revoked on /));
  await eventually(async () => expect(await page.getByTestId('held-banner').count()).toBe(0));
  expect(revoked()).toBe(before);
  expect(pageErrors).toEqual([]);
}, 90_000);
