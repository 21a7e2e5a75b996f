import fs from 'node:fs';
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import type { ConfigState } from '../../../app/export/types';
import { startAppStack, type AppStack } from '../../../app/testing/start-app-stack';
import { ROOT } from '../../app/e2e/e2e-kit';
import { saveScreenshot } from '../../helpers/browser';
import { eventually } from '../../helpers/eventually';
import type { PrefixProxy } from '../../helpers/prefix-proxy';
import { buildUiForTests } from '../ui-test-server';
import { addMalformedAddress } from './query-form';
import { startRealServiceSession, type RealServiceSession } from './ui-session';

// A UI that answers what is happening, and when: the real service against the simulators, under ThreatConnect's
// prefix. The schedule on CONFIGURE and JOBS, the Save window and Run now; one spelling for types and modes; row
// buttons named by their row and focus on the first problem of a refused form; no sideways scroll on a phone,
// dates on one line; and a banner while the service does not answer, gone when it answers again.
let session: RealServiceSession;
let stack: AppStack;
let proxy: PrefixProxy;
let page: Page;
let restarted: AppStack | undefined;
let restartUiDir = '';
let requestId = '';

beforeAll(async () => {
  // 5.2 hours: the first scheduled run is 5 h 12 m after the service first starts.
  session = await startRealServiceSession('when', { tc: { indicatorCount: 120, seed: 23 }, inputs: { schedule_interval_hours: '5.2' } });
  ({ stack, proxy, page } = session);
  for (const ip of ['999.1.1.1', '999.1.1.2', '999.1.1.3']) addMalformedAddress(stack, ip);
}, 60_000);
afterAll(async () => {
  await restarted?.close();
  await session?.close();
  if (restartUiDir) fs.rmSync(restartUiDir, { recursive: true, force: true });
});

const button = (name: string, within: Page | Locator = page) => within.getByRole('button', { name, exact: true });
const dialog = (name: string) => page.getByRole('dialog', { name });
const nextRun = () => page.getByTestId('next-run');
const runNow = () => page.getByTestId('run-now');
const savedConfig = async () => (await (await fetch(new URL('api/config', stack.url))).json()) as ConfigState;
const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The next scheduled run as the page writes a date and time (the browser's locale and time zone). */
async function nextRunShown(): Promise<string> {
  const health = (await (await fetch(new URL('api/health', stack.url))).json()) as { export: { nextRunAt: string } };
  return page.evaluate((iso) => new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' }), health.export.nextRunAt);
}

/** What a button's aria-describedby points at. */
async function describedBy(control: Locator): Promise<string> {
  const id = await control.getAttribute('aria-describedby');
  return (await page.locator(`[id="${id}"]`).textContent()) ?? '';
}

/** Where the keyboard focus is: the element's label, legend of its group, or test id. */
const focused = () =>
  page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    return {
      tag: el?.tagName.toLowerCase(),
      testId: el?.dataset.testid,
      name: el?.getAttribute('aria-label') ?? el?.textContent?.trim(),
      group: el?.closest('fieldset')?.querySelector('legend')?.firstChild?.textContent,
    };
  });

describe('the schedule, visible', () => {
  it('CONFIGURE says when the next scheduled run is, how long until then, and its mode', async () => {
    await page.goto(proxy.bareUrl);
    await page.getByTestId('empty').waitFor();
    const at = await nextRunShown();
    await eventually(async () => expect(await nextRun().textContent()).toMatch(new RegExp(`^Next scheduled run: ${escape(at)} \\(in 5 h 1[01] m\\) · Full$`)));
    await saveScreenshot(page, 'when-configure');
  });

  it('shows indicator types as words, and keeps the API’s names', async () => {
    await button('Edit').click();
    await button('Add').click();
    const form = dialog('Add TQL Configuration');
    const types = form.getByRole('group', { name: /Indicator Types/ });
    expect(await types.locator('label').allTextContents()).toContain('Email Address');
    expect(await types.getByText('EmailAddress').count()).toBe(0);
    await form
      .getByRole('group', { name: /Owners to Query/ })
      .getByLabel('Demo Organization', { exact: true })
      .check();
    await types.getByLabel('Address', { exact: true }).check();
    await types.getByLabel('Email Address', { exact: true }).check();
    await form.getByLabel('TQL').fill('rating >= 0');
    await button('Submit', form).click();
    await form.waitFor({ state: 'detached' });
    await page.getByTestId('query-row').getByText('Address, Email Address', { exact: true }).waitFor();
  });

  it('the Save window says, beside each of its three buttons, what it does to the next run', async () => {
    await button('Save').click();
    const save = dialog('Save Changes');
    const at = escape(await nextRunShown());
    const when = `The next scheduled run, ${at} \\(in 5 h 1[01] m\\),`;
    expect(await save.getByRole('button').allTextContents()).toEqual(['×', 'Cancel', 'Save and Run Delta Update', 'Save and Run Full Update']);
    expect(await describedBy(button('Cancel', save))).toMatch(new RegExp(`^Back to editing, nothing saved\\. ${when} stays a Full update`));
    expect(await describedBy(button('Save and Run Delta Update', save))).toMatch(
      new RegExp(`^Saves\\. ${when} will be a Delta update: only indicators modified since the last successful run\\.$`),
    );
    expect(await describedBy(button('Save and Run Full Update', save))).toMatch(
      new RegExp(`^Saves\\. ${when} will be a Full update: every indicator the queries return\\.`),
    );
    await saveScreenshot(page, 'when-save-dialog');
    await button('Save and Run Full Update', save).click();
    await save.waitFor({ state: 'detached' });
    expect((await savedConfig()).queries[0]?.indicatorTypes).toEqual(['Address', 'EmailAddress']);
    await eventually(async () => expect(await nextRun().textContent()).toMatch(/ · Full$/));
  });

  it('JOBS shows the same schedule, and Run now offers the next run’s mode', async () => {
    await page.getByRole('link', { name: 'JOBS' }).click();
    const at = await nextRunShown();
    await eventually(async () => expect(await nextRun().textContent()).toMatch(new RegExp(`^Next scheduled run: ${escape(at)} \\(in 5 h 1[01] m\\) · Full$`)));
    await eventually(async () => expect(await runNow().getByLabel('Update').inputValue()).toBe('full'));
  });

  it('while a job runs, Run now is disabled and links to it; the job shows as Ad-hoc, Full', async () => {
    await button('Run now').click();
    const message = page.getByTestId('run-now-message');
    await eventually(async () => expect(await message.textContent()).toMatch(/^Started full job [0-9a-f-]{36}\.$/));
    requestId = /job (\S+)\.$/.exec((await message.textContent()) ?? '')![1]!;
    await eventually(async () => expect(await button('Run now').isDisabled()).toBe(true));
    await saveScreenshot(page, 'when-running');
    await runNow()
      .getByRole('link', { name: `Job ${requestId.slice(0, 8)}` })
      .click();
    await eventually(async () => expect(await page.getByLabel('Request ID').inputValue()).toBe(requestId));
    const row = page.locator(`[data-testid="job-row"][data-request-id="${requestId}"]`);
    await eventually(async () => expect((await row.locator('td').allTextContents()).slice(0, 2)).toEqual(['Ad-hoc', 'Full']));
  });

  it('once the job has ended, Run now is offered again, and the schedule says the next run is a delta', async () => {
    const row = page.locator(`[data-testid="job-row"][data-request-id="${requestId}"]`);
    await eventually(async () => expect(await row.textContent()).toContain('Upload Complete'), { timeoutMs: 30_000 });
    await eventually(async () => expect(await button('Run now').isDisabled()).toBe(false), { timeoutMs: 10_000 });
    await eventually(async () => expect(await nextRun().textContent()).toMatch(/ · Delta$/));
    await eventually(async () => expect(await runNow().getByLabel('Update').inputValue()).toBe('delta'));
    expect(await page.getByTestId('run-now-running').count()).toBe(0);
  }, 60_000);
});

describe('accessibility', () => {
  it('names each row’s button after its row', async () => {
    await page.getByRole('link', { name: 'REPORTS' }).click();
    await page.getByLabel('Request ID').fill(requestId);
    await page.getByRole('group', { name: /^Step/ }).getByLabel('convert').check();
    await page
      .getByTestId('pager')
      .getByText(/· 3 errors$/)
      .waitFor();
    const table = page.getByTestId('errors-table');
    await eventually(async () =>
      expect(await table.getByRole('button').evaluateAll((bs) => bs.map((b) => b.getAttribute('aria-label')))).toEqual([
        'Show raw contents of error 1',
        'Show raw contents of error 2',
        'Show raw contents of error 3',
      ]),
    );
    expect(await button('Show').count()).toBe(0);
    await button('Show raw contents of error 2').click();
    await expect(button('Hide raw contents of error 2').getAttribute('aria-expanded')).resolves.toBe('true');
    expect(await page.getByTestId('raw').getAttribute('aria-label')).toMatch(/^Raw contents of error 2, at /);
  });

  it('a refused Submit moves focus to the first field with a problem', async () => {
    await page.getByRole('link', { name: 'CONFIGURE' }).click();
    await button('Edit').click();
    await button('Add').click();
    const form = dialog('Add TQL Configuration');
    await form
      .getByRole('group', { name: /Owners to Query/ })
      .getByLabel('Demo Organization', { exact: true })
      .waitFor();
    await button('Submit', form).click();
    await eventually(async () => expect(await focused()).toMatchObject({ tag: 'input', group: 'Owners to Query' }));
    await form
      .getByRole('group', { name: /Owners to Query/ })
      .getByLabel('Demo Organization', { exact: true })
      .check();
    await form
      .getByRole('group', { name: /Indicator Types/ })
      .getByLabel('Host', { exact: true })
      .check();
    await button('Submit', form).click();
    await eventually(async () => expect(await focused()).toMatchObject({ tag: 'textarea', testId: 'tql' }));
    await form.getByLabel('TQL').fill('rating >>> nonsense (');
    await button('Submit', form).click();
    // Submit asks ThreatConnect as Preview does: its refusal shows by the TQL, which keeps the focus.
    await eventually(async () => expect(await form.getByTestId('preview-error').textContent()).toMatch(/^Not submitted: /));
    await eventually(async () => expect(await focused()).toMatchObject({ tag: 'textarea', testId: 'tql' }));
    // What passed at Submit may still be refused at Save (ThreatConnect changed meanwhile): here the check passes.
    await page.route('**/api/preview', (route) => route.fulfill({ status: 200, contentType: 'application/json', body: '{"count":0,"sample":[],"errors":[]}' }));
    await button('Submit', form).click();
    await form.waitFor({ state: 'detached' });
    await page.unroute('**/api/preview');
  });

  it('a save the service refuses moves focus to the row to fix', async () => {
    await button('Save').click();
    await button('Save and Run Delta Update', dialog('Save Changes')).click();
    await page.getByTestId('save-problems').waitFor();
    await eventually(async () => expect(await focused()).toMatchObject({ tag: 'button', name: 'Edit configuration 2' }));
    await page.getByTestId('cancel-edit').click();
  });
});

describe('steady screens', () => {
  it('puts every date of a table on one line at 1,280 px', async () => {
    const wrapped = () =>
      page.evaluate(() => {
        const cells = [...document.querySelectorAll('td')].filter((td) => /\d:\d\d:\d\d/.test(td.textContent ?? ''));
        const lines = (td: Element) => {
          const range = document.createRange();
          range.selectNodeContents(td);
          return new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size;
        };
        return { dates: cells.length, wrapped: cells.filter((td) => lines(td) > 1).map((td) => td.textContent) };
      });
    for (const [screen, table] of [
      ['jobs', 'jobs-table'],
      ['tasks', 'tasks-table'],
      ['reports', 'errors-table'],
    ] as const) {
      await page.getByTestId(`tab-${screen}`).click();
      await page.getByTestId(table).waitFor();
      const found = await wrapped();
      expect(found.dates).toBeGreaterThan(0);
      expect(found.wrapped).toEqual([]);
    }
  });

  it('never scrolls sideways at 390 px: wide tables scroll inside their own box', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    try {
      for (const screen of ['configure', 'jobs', 'tasks', 'reports'] as const) {
        await page.getByTestId(`tab-${screen}`).click();
        await page.getByTestId(`${screen}-page`).waitFor();
        await page.locator('.data-table').first().waitFor();
        const widths = await page.evaluate(() => ({ page: document.documentElement.scrollWidth, view: document.documentElement.clientWidth }));
        expect(widths.page).toBeLessThanOrEqual(widths.view);
        await saveScreenshot(page, `when-390-${screen}`);
      }
      const box = await page
        .locator('.table-scroll')
        .first()
        .evaluate((el) => ({ scroll: el.scrollWidth, client: el.clientWidth, overflow: getComputedStyle(el).overflowX }));
      expect(box.overflow).toBe('auto');
      expect(box.scroll).toBeGreaterThan(box.client);
    } finally {
      await page.setViewportSize({ width: 1280, height: 900 });
    }
  });

  it('says "Connection lost, retrying…" on every screen while the service does not answer', async () => {
    await page.getByTestId('tab-jobs').click();
    await page.getByTestId('jobs-table').waitFor();
    await stack.stopApp();
    const banner = page.getByTestId('connection-banner');
    await banner.waitFor({ timeout: 15_000 });
    expect(await banner.textContent()).toMatch(/^Connection lost, retrying…/);
    await eventually(async () => expect(await page.getByTestId('running-job').textContent()).not.toContain('No job is running'));
    await saveScreenshot(page, 'when-connection-lost');
    for (const screen of ['configure', 'tasks', 'reports'] as const) {
      await page.getByTestId(`tab-${screen}`).click();
      await page.getByTestId(`${screen}-page`).waitFor();
      expect(await banner.isVisible()).toBe(true);
    }
  });

  it('drops the banner once the service answers again, and the screen loads again', async () => {
    await page.getByTestId('tab-jobs').click();
    // The same service again, on the same port and state, as after a restart.
    restartUiDir = (await buildUiForTests()).uiDir;
    const port = Number(new URL(stack.url).port);
    const workDir = path.dirname(String(stack.rawInputs.tc_out_path));
    restarted = await startAppStack({
      workDir,
      installDir: ROOT,
      tc: stack.tc,
      sentinel: stack.sentinel,
      inputs: stack.rawInputs,
      port,
      app: { uiDir: restartUiDir },
    });
    await page.getByTestId('connection-banner').waitFor({ state: 'detached', timeout: 15_000 });
    await eventually(async () => expect(await page.getByTestId('running-job').textContent()).toContain('No job is running'), { timeoutMs: 10_000 });
    await eventually(async () => expect(await nextRun().textContent()).toMatch(/^Next scheduled run: .* · Delta$/));
    await page.getByTestId('jobs-table').waitFor();
  });

  it('had no page errors but the gateway’s answers while the service was down', () => {
    expect(session.pageErrors.filter((e) => !/status of 502/.test(e))).toEqual([]);
  });
});
