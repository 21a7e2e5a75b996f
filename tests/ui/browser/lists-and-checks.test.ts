import type { Locator, Page } from 'playwright-core';
import type { Job, PageOf } from '../../../app/export/types';
import type { AppStack } from '../../../app/testing/start-app-stack';
import { saveScreenshot } from '../../helpers/browser';
import { eventually } from '../../helpers/eventually';
import type { PrefixProxy } from '../../helpers/prefix-proxy';
import { addMalformedAddress, fillQuery } from './query-form';
import { startRealServiceSession, type RealServiceSession } from './ui-session';

// The real service against the simulators, in Chromium under ThreatConnect's prefix: Submit in the Add window asks
// ThreatConnect as Preview does (a refused TQL never reaches the list), the preview as a table with a STIX view and
// the buttons in sight; JOBS, TASKS and REPORTS keep their filters in the address (reload keeps them, Back returns
// to the one before) and each has Refresh; the last job's summary is still there after a reload.
let session: RealServiceSession;
let stack: AppStack;
let proxy: PrefixProxy;
let page: Page;
let pageErrors: string[] = [];

beforeAll(async () => {
  session = await startRealServiceSession('lists', { tc: { indicatorCount: 80, seed: 31 } });
  ({ stack, proxy, page, pageErrors } = session);
  addMalformedAddress(stack);
}, 60_000);
afterAll(() => session?.close());

const button = (name: string, within: Page | Locator = page) => within.getByRole('button', { name, exact: true });
const dialog = (name: string) => page.getByRole('dialog', { name });
const hash = () => new URL(page.url()).hash;
const api = async <T>(route: string, init?: RequestInit) => (await (await fetch(new URL(route, stack.url), init)).json()) as T;
const pagerText = () => page.getByTestId('pager').locator('span').textContent();

async function runJob(mode: 'full' | 'delta'): Promise<string> {
  const { requestId } = await api<{ requestId: string }>('api/jobs', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ mode }),
  });
  await eventually(async () => expect((await api<Job>(`api/jobs/${requestId}`)).status).toBe('Upload Complete'), { timeoutMs: 30_000 });
  return requestId;
}

describe('Submit checks the query as Preview does', () => {
  it('refuses a TQL ThreatConnect rejects, inline at Submit, and adds nothing', async () => {
    await page.goto(proxy.bareUrl);
    await page.getByTestId('empty').waitFor();
    await button('Edit').click();
    await button('Add').click();
    const form = dialog('Add TQL Configuration');
    await fillQuery(form, { owners: ['Demo Organization'], types: ['Address', 'Host'], tql: 'rating > "high"' });
    const tql = form.getByLabel('TQL');
    await button('Submit', form).click();
    await eventually(async () => expect(await form.getByTestId('preview-error').textContent()).toBe('Not submitted: The query configuration is not valid'));
    await expect(tql.getAttribute('aria-invalid')).resolves.toBe('true');
    expect(await page.locator(`[id="${await tql.getAttribute('aria-describedby')}"]`).textContent()).toMatch(/^ThreatConnect rejected the TQL: \S/);
    expect(await page.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset.testid)).toBe('tql');
    expect(await form.isVisible()).toBe(true);
  });

  it('previews a table of the sample, with the raw STIX a toggle away, and keeps the buttons in sight', async () => {
    const form = dialog('Add TQL Configuration');
    await form.getByLabel('TQL').fill('rating >= 0');
    await button('Preview', form).click();
    await eventually(async () => expect(await form.getByTestId('preview-count').textContent()).toMatch(/^\d+ indicators match this query: (Address|Host) \d/));
    const table = form.getByTestId('preview-table');
    expect(await table.locator('thead th').allTextContents()).toEqual(['Value', 'Type', 'Owner', 'Confidence', 'Tags', 'Valid until']);
    const first = await table.locator('tbody tr').first().locator('th, td').allTextContents();
    expect(first[1]).toMatch(/^(Address|Host)$/);
    expect(first[2]).toBe('Demo Organization');
    await form.getByLabel('STIX', { exact: true }).check();
    expect(await form.getByLabel('Sample STIX objects').textContent()).toContain('"spec_version": "2.1"');
    // Submit is on screen and nothing covers it, however long the preview.
    const visible = await button('Submit', form).evaluate((b) => {
      const r = b.getBoundingClientRect();
      return r.bottom <= innerHeight && document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2) === b;
    });
    expect(visible).toBe(true);
    await saveScreenshot(page, 'lists-preview-stix');
  });

  it('Submit says how many match, by type in the sample, and adds the configuration', async () => {
    const form = dialog('Add TQL Configuration');
    await button('Submit', form).click();
    await form.waitFor({ state: 'detached' });
    expect(await page.getByTestId('notice').textContent()).toMatch(
      /^Checked with ThreatConnect: \d+ indicators match this query: (Address|Host) \d.*\. Save to keep this change\.$/,
    );
    expect(await page.getByTestId('query-row').count()).toBe(1);
    await button('Save').click();
    await button('Save and Run Full Update', dialog('Save Changes')).click();
    await page.getByTestId('edit').waitFor();
  });
});

describe('lists keep their filters in the address', () => {
  let first = '';
  let second = '';
  beforeAll(async () => {
    first = await runJob('full');
    second = await runJob('delta');
  }, 70_000);

  it('JOBS: a filter survives a reload, and Back returns to the filter before', async () => {
    await page.getByTestId('tab-jobs').click();
    await page.getByTestId('job-row').nth(1).waitFor();
    await page
      .getByRole('group', { name: /^Status/ })
      .getByLabel('Upload Complete')
      .check();
    await eventually(async () => expect(hash()).toBe('#/jobs?status=Upload+Complete'));
    await page.getByTestId('type-filter').selectOption('scheduled');
    await eventually(async () => expect(hash()).toBe('#/jobs?type=scheduled&status=Upload+Complete'));
    await page.getByTestId('empty').waitFor();

    const uploadCompleteChecked = () =>
      page
        .getByRole('group', { name: /^Status/ })
        .getByLabel('Upload Complete')
        .isChecked();
    await page.reload();
    await page.getByTestId('empty').waitFor();
    expect(await page.getByTestId('type-filter').inputValue()).toBe('scheduled');
    expect(await uploadCompleteChecked()).toBe(true);

    await page.goBack();
    await eventually(async () => expect(hash()).toBe('#/jobs?status=Upload+Complete'));
    await eventually(async () => expect(await page.getByTestId('job-row').count()).toBe(2));
    expect(await page.getByTestId('type-filter').inputValue()).toBe('');
    expect(await uploadCompleteChecked()).toBe(true);

    await page.getByLabel('Request ID').fill(first);
    await eventually(async () => expect(hash()).toBe(`#/jobs?status=Upload+Complete&requestId=${first}`));
    await eventually(async () => expect(await page.getByTestId('job-row').count()).toBe(1));
    await page.goBack();
    await eventually(async () => expect(await page.getByLabel('Request ID').inputValue()).toBe(''));
    await eventually(async () => expect(await page.getByTestId('job-row').count()).toBe(2));
  });

  it('JOBS: the last job’s summary survives a reload', async () => {
    await page.reload();
    const panel = page.getByTestId('running-job');
    await eventually(async () => expect(await panel.textContent()).toContain(`The last one, Ad-hoc Delta job ${second}, ended Upload Complete`));
    expect(await panel.locator('dd[data-count="downloaded"]').count()).toBe(1);
  });

  it('TASKS: the same, and Refresh shows a job that ran meanwhile', async () => {
    await page.getByTestId('tab-tasks').click();
    await page.getByTestId('task-row').first().waitFor();
    await page.getByRole('group', { name: /^Kind/ }).getByLabel('convert').check();
    await eventually(async () => expect(hash()).toBe('#/tasks?kind=convert'));
    await eventually(async () => expect(await pagerText()).toMatch(/· 2 tasks$/));
    await page.reload();
    await eventually(async () => expect(await pagerText()).toMatch(/· 2 tasks$/));
    expect(await page.getByRole('group', { name: /^Kind/ }).getByLabel('convert').isChecked()).toBe(true);

    await runJob('delta');
    await button('Refresh').click();
    await eventually(async () => expect(await pagerText()).toMatch(/· 3 tasks$/), { timeoutMs: 5000 });

    await page.goBack();
    await eventually(async () => expect(hash()).toBe('#/tasks'));
    expect(await page.getByRole('group', { name: /^Kind/ }).getByLabel('convert').isChecked()).toBe(false);
  }, 60_000);

  it('REPORTS: the same, and pages are in the address too', async () => {
    const all = await api<PageOf<unknown>>(`api/errors?requestId=${first}&step=convert`);
    expect(all.total).toBe(1);
    await page.goto(`${proxy.url}#/reports?requestId=${first}&step=convert,bogus&page=1`);
    await eventually(async () => expect(await pagerText()).toMatch(/^Page 1 of 1 · 1 error$/));
    expect(await page.getByRole('group', { name: /^Step/ }).getByLabel('convert').isChecked()).toBe(true);
    expect(await page.getByLabel('Request ID').inputValue()).toBe(first);
    await page.getByRole('group', { name: /^Step/ }).getByLabel('upload').check();
    await eventually(async () => expect(hash()).toBe(`#/reports?step=convert%2Cupload&requestId=${first}`));
    await page.reload();
    await eventually(async () => expect(await page.getByRole('group', { name: /^Step/ }).getByLabel('upload').isChecked()).toBe(true));
    await page.goBack();
    await eventually(async () => expect(await page.getByRole('group', { name: /^Step/ }).getByLabel('upload').isChecked()).toBe(false));
    expect(await button('Refresh').count()).toBe(1);
    await saveScreenshot(page, 'lists-reports-filtered');
    expect(pageErrors).toEqual([]);
  });
});
