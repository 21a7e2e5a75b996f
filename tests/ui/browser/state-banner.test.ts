import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { startAppStack, type AppStack, type AppStackOptions } from '../../../app/testing/start-app-stack';
import { openBrowserPage, saveScreenshot } from '../../helpers/browser';
import { allOf, ROOT, runJob, saveConfig, tempDir } from '../../app/e2e/e2e-kit';
import { buildUiForTests } from '../ui-test-server';

// A damaged ledger, seen in Chromium over the real service: every screen says so and how to get out, and the
// restore offered there brings the App back.
let stack: AppStack;
let options: AppStackOptions;
let browser: Browser;
let page: Page;
let pageErrors: string[] = [];

beforeAll(async () => {
  const { uiDir } = await buildUiForTests();
  options = { workDir: tempDir('state-banner'), installDir: ROOT, tc: { indicatorCount: 300, seed: 5 }, app: { uiDir } };
  stack = await startAppStack(options);
  await saveConfig(stack, [allOf(stack)]);
  expect((await runJob(stack, 'full')).status).toBe('Upload Complete'); // leaves a copy of the state
  await stack.stopApp();
  const file = path.join(options.workDir, 'out', 'state.db');
  const size = fs.statSync(file).size;
  const fd = fs.openSync(file, 'r+');
  fs.writeSync(fd, Buffer.alloc(8192, 0x41), 0, 8192, Math.floor(size / 2 / 4096) * 4096);
  fs.closeSync(fd);
  stack = await startAppStack({ ...options, tc: stack.tc, sentinel: stack.sentinel });
  ({ browser, page, pageErrors } = await openBrowserPage());
}, 90_000);
afterAll(async () => {
  await browser?.close();
  await stack?.close();
  // The simulators were handed to the second start, which does not own them.
  await stack?.tc.close();
  await stack?.sentinel.close();
});

const banner = () => page.getByTestId('state-banner');

it('every screen shows why no job runs and the way out', async () => {
  for (const screen of ['configure', 'jobs', 'tasks', 'reports']) {
    await page.goto('about:blank');
    await page.goto(`${stack.url}#/${screen}`);
    await banner().waitFor();
    await expect(banner().getAttribute('data-state')).resolves.toBe('damaged');
    expect(await banner().textContent()).toMatch(/state database \(state\.db\) is damaged: no job runs until it is restored.*Restore the newest copy/);
  }
  await saveScreenshot(page, 'state-damaged');
  // The service refused the screens' own requests with 503: those are the only console errors.
  expect(pageErrors.every((e) => / 503 /.test(e))).toBe(true);
  pageErrors.length = 0;
});

it('Restore asks once more, then the App works again', async () => {
  await banner()
    .getByRole('button', { name: /^Restore the copy of / })
    .click();
  const dialog = page.getByRole('dialog', { name: 'Restore the App’s state?' });
  await dialog.getByRole('button', { name: 'Restore', exact: true }).click();
  await banner().waitFor({ state: 'detached' });
  await page.getByTestId('reports-page').waitFor(); // the screen below loads again
  await page.getByRole('link', { name: 'JOBS' }).click();
  await page.getByTestId('job-row').first().waitFor();
  const health = (await (await fetch(new URL('api/health', stack.url))).json()) as { status: string };
  expect(health.status).toBe('ok');
  expect(pageErrors).toEqual([]);
});
