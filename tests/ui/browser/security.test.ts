import type { Browser, Page } from 'playwright-core';
import { startAppStack, type AppStack } from '../../../app/testing/start-app-stack';
import { tempDir, ROOT } from '../../app/e2e/e2e-kit';
import { launchBrowser } from '../../helpers/browser';
import { buildUiForTests } from '../ui-test-server';

// The standalone service as the admin meets it in Chromium: the link with the token, the cookie that replaces
// it, and every screen under the Content-Security-Policy without a single "Refused to …" from the browser.
let stack: AppStack;
let browser: Browser;
let page: Page;
const consoleLines: string[] = [];
beforeAll(async () => {
  const { uiDir } = await buildUiForTests();
  stack = await startAppStack({
    workDir: tempDir('ui-security'),
    installDir: ROOT,
    tc: { indicatorCount: 200, seed: 43, malformedCount: 1 },
    app: { uiDir },
    access: 'token',
  });
  browser = await launchBrowser();
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.setDefaultTimeout(10_000);
  page.on('console', (msg) => consoleLines.push(`${msg.type()}: ${msg.text()}`));
  page.on('pageerror', (err) => consoleLines.push(`pageerror: ${err.message}`));
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await stack?.close();
});

it('without the token the page is refused', async () => {
  const res = await page.goto(stack.url);
  expect(res?.status()).toBe(401);
});

it('the link with the token lands on the UI at a clean address, the token kept in a cookie only', async () => {
  await page.goto(stack.loginUrl!);
  expect(page.url()).toBe(stack.url);
  await page.getByRole('link', { name: 'CONFIGURE' }).waitFor();
  const cookies = await page.context().cookies();
  expect(cookies).toEqual([expect.objectContaining({ name: 'tc_svc_access', httpOnly: true, sameSite: 'Strict' })]);
  expect(cookies[0]!.value).not.toBe(stack.accessToken);
  expect(await page.evaluate(() => document.cookie)).toBe(''); // not readable by scripts
});

it('runs every screen under the Content-Security-Policy with no "Refused to" from the browser', async () => {
  await page.getByRole('link', { name: 'CONFIGURE' }).click();
  await page.getByRole('button', { name: 'Edit', exact: true }).click();
  await page.getByRole('button', { name: 'Add', exact: true }).click();
  const form = page.getByRole('dialog', { name: 'Add TQL Configuration' });
  await form
    .getByRole('group', { name: /Owners to Query/ })
    .getByLabel(stack.tc.owners[0]!.name, { exact: true })
    .check();
  await form
    .getByRole('group', { name: /Indicator Types/ })
    .getByLabel('Host', { exact: true })
    .check();
  await form.getByLabel('TQL').fill('rating >= 0');
  await form.getByRole('button', { name: 'Preview', exact: true }).click();
  await form.getByTestId('preview-count').waitFor();
  await form.getByRole('button', { name: 'Submit', exact: true }).click();
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await page.getByRole('dialog', { name: 'Save Changes' }).getByRole('button', { name: 'Save and Run Full Update', exact: true }).click();
  for (const tab of ['JOBS', 'TASKS', 'REPORTS']) {
    await page.getByRole('link', { name: tab }).click();
    await page.waitForTimeout(300);
  }
  await page.getByRole('link', { name: 'JOBS' }).click();
  await page.getByLabel('Update').selectOption('full');
  await page.getByRole('button', { name: 'Run now', exact: true }).click();
  await page
    .getByTestId('running-job')
    .getByText(/ended Upload Complete/)
    .waitFor({ timeout: 30_000 });
  await page.getByRole('link', { name: 'REPORTS' }).click();
  await page.getByTestId('errors-table').or(page.getByTestId('empty')).first().waitFor();
  expect(consoleLines.filter((l) => /Refused to|Content Security Policy|pageerror/i.test(l))).toEqual([]);
  const headers = (await page.goto(stack.url))!.headers();
  expect(headers['content-security-policy']).toMatch(/script-src 'self';/);
}, 90_000);

it('cannot be framed by another site', async () => {
  const other = await browser.newPage();
  const blocked: string[] = [];
  other.on('console', (msg) => blocked.push(msg.text()));
  await other.setContent(`<iframe src="${stack.url}"></iframe>`);
  await other.waitForTimeout(1000);
  const frame = other.frames().find((f) => f !== other.mainFrame());
  const loaded = await frame?.evaluate(() => document.body?.innerText ?? '').catch(() => '');
  expect(loaded ?? '').not.toContain('CONFIGURE');
  await other.close();
});
