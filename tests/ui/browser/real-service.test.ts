import type { Locator, Page } from 'playwright-core';
import type { ConfigState } from '../../../app/export/types';
import type { AppStack } from '../../../app/testing/start-app-stack';
import { saveScreenshot } from '../../helpers/browser';
import { eventually } from '../../helpers/eventually';
import type { PrefixProxy } from '../../helpers/prefix-proxy';
import { addMalformedAddress, fillQuery, type QueryFormInput } from './query-form';
import { startRealServiceSession, type RealServiceSession } from './ui-session';

// The whole product in a real browser: the real service (its routes, engine and SQLite state) against the
// ThreatConnect and Sentinel simulators, reached under ThreatConnect's service prefix.
let session: RealServiceSession;
let stack: AppStack;
let proxy: PrefixProxy;
let page: Page;
let pageErrors: string[] = [];
let requestId = '';

beforeAll(async () => {
  session = await startRealServiceSession('browser', { tc: { indicatorCount: 400, seed: 17 } });
  ({ stack, proxy, page, pageErrors } = session);
  addMalformedAddress(stack);
}, 60_000);
afterAll(() => session?.close());

const dialog = (name: string) => page.getByRole('dialog', { name });
const rows = () => page.getByTestId('query-row');
const button = (name: string, within: Page | Locator = page) => within.getByRole('button', { name, exact: true });
const tqlColumn = () => rows().evaluateAll((trs) => trs.map((tr) => tr.querySelector('td.code')?.firstChild?.textContent));
const savedConfig = async () => (await (await fetch(new URL('api/config', stack.url))).json()) as ConfigState;

async function addQuery(q: QueryFormInput, preview = false): Promise<void> {
  await button('Add').click();
  const form = dialog('Add TQL Configuration');
  await fillQuery(form, q);
  if (preview) {
    await button('Preview', form).click();
    await eventually(async () => expect(await form.getByTestId('preview-count').textContent()).toMatch(/^\d+ indicators? match/));
    await eventually(async () => expect(await form.getByTestId('preview').textContent()).toContain('999.1.1.1'));
    await saveScreenshot(page, 'real-configure-preview');
  }
  await button('Submit', form).click();
  await form.waitFor({ state: 'detached' });
}

describe('the real service in a browser, under ThreatConnect’s prefix', () => {
  it('adds two configurations from the owners ThreatConnect offers, reorders them and saves with a full update', async () => {
    await page.goto(proxy.bareUrl);
    await page.getByTestId('empty').waitFor();
    await button('Edit').click();
    await addQuery({ owners: ['Demo Organization'], types: ['Address', 'Host'], tql: 'rating >= 0' }, true);
    await addQuery({
      owners: ['Common Community', 'Phishing Tracker Source'],
      types: ['URL', 'File'],
      tql: 'confidence >= 0',
      sortField: 'lastModified',
      direction: 'desc',
    });
    expect(await tqlColumn()).toEqual(['rating >= 0', 'confidence >= 0']);
    await button('Move configuration 2 up').click();
    expect(await tqlColumn()).toEqual(['confidence >= 0', 'rating >= 0']);
    await button('Save').click();
    await button('Save and Run Full Update', dialog('Save Changes')).click();
    await eventually(async () => expect(await page.getByTestId('notice').textContent()).toBe('Saved. The next scheduled update will be a full update.'));
    const config = await savedConfig();
    expect(config).toMatchObject({ nextUpdate: 'full', revision: 1 });
    expect(config.queries.map((q) => q.tql)).toEqual(['confidence >= 0', 'rating >= 0']);
    await saveScreenshot(page, 'real-configure-saved');
  });

  it('runs the update and watches it reach Upload Complete with its counts', async () => {
    await page.getByRole('link', { name: 'JOBS' }).click();
    await page.getByLabel('Update').selectOption('full');
    await button('Run now').click();
    const message = page.getByTestId('run-now-message');
    await eventually(async () => expect(await message.textContent()).toMatch(/^Started full job [0-9a-f-]{36}\.$/));
    requestId = /job (\S+)\.$/.exec((await message.textContent()) ?? '')![1]!;
    const panel = page.getByTestId('running-job');
    await eventually(async () => expect(await panel.textContent()).toContain('ended Upload Complete'), { timeoutMs: 30_000 });
    const counts = await panel
      .locator('dd[data-count]')
      .evaluateAll((dds) => Object.fromEntries(dds.map((d) => [d.getAttribute('data-count'), Number((d.textContent ?? '').replace(/[^0-9]/g, ''))])));
    expect(counts.uploaded).toBe(stack.sentinel.store.size);
    expect(counts.convertErrors).toBe(1);
    await saveScreenshot(page, 'real-jobs');
  });

  it('shows the job’s tasks, and filters jobs by status and by request ID', async () => {
    await button(`Show details of job ${requestId}`).click();
    const details = page.getByTestId('job-details');
    await details.getByTestId('tasks-table').waitFor();
    const tasks = await details.getByTestId('task-row').locator('th').allTextContents();
    expect(tasks.some((t) => t.startsWith('Download'))).toBe(true);
    expect(tasks.some((t) => t.startsWith('Upload'))).toBe(true);
    await page
      .getByRole('group', { name: /^Status/ })
      .getByLabel('Failed')
      .check();
    await eventually(async () => expect(await page.getByTestId('empty').textContent()).toBe('No jobs match these filters.'));
    await page
      .getByRole('group', { name: /^Status/ })
      .getByLabel('Upload Complete')
      .check();
    await page
      .getByTestId('pager')
      .getByText(/· 1 job$/)
      .waitFor();
    await page
      .getByRole('group', { name: /^Status/ })
      .getByLabel('Failed')
      .uncheck();
    await page
      .getByRole('group', { name: /^Status/ })
      .getByLabel('Upload Complete')
      .uncheck();
    await page.getByLabel('Request ID').fill(requestId.slice(0, 8));
    await page
      .getByTestId('pager')
      .getByText(/· 1 job$/)
      .waitFor();
    await page.getByLabel('Request ID').fill('not-a-job');
    await eventually(async () => expect(await page.getByTestId('empty').textContent()).toBe('No jobs match these filters.'));
    await page.getByRole('link', { name: 'TASKS' }).click();
    await page.getByTestId('tasks-table').waitFor();
    await saveScreenshot(page, 'real-tasks');
  });

  it('shows the conversion error in REPORTS with its raw contents', async () => {
    await page.getByRole('link', { name: 'REPORTS' }).click();
    await page.getByTestId('errors-table').waitFor();
    await page.getByLabel('Request ID').fill(requestId);
    await page.getByRole('group', { name: /^Step/ }).getByLabel('convert').check();
    await page
      .getByTestId('pager')
      .getByText(/· 1 error$/)
      .waitFor();
    const row = page.getByTestId('error-row');
    await eventually(async () => expect(await row.textContent()).toContain('999.1.1.1'));
    await button('Show raw contents of error 1', row).click();
    expect(JSON.parse((await page.getByTestId('raw').textContent()) ?? '')).toMatchObject({ type: 'Address', ip: '999.1.1.1', ownerName: 'Demo Organization' });
    await saveScreenshot(page, 'real-reports');
  });

  it('Cancel discards edits; an edit and a delete are saved', async () => {
    await page.getByRole('link', { name: 'CONFIGURE' }).click();
    await rows().first().waitFor();
    await button('Edit').click();
    await button('Delete configuration 1').click();
    expect(await tqlColumn()).toEqual(['rating >= 0']);
    await page.getByTestId('cancel-edit').click();
    expect(await tqlColumn()).toEqual(['confidence >= 0', 'rating >= 0']);
    expect((await savedConfig()).revision).toBe(1);

    await button('Edit').click();
    await button('Edit configuration 2').click();
    const form = dialog('Edit TQL Configuration');
    await form.getByLabel('TQL').fill('rating >= 2');
    await button('Submit', form).click();
    await button('Delete configuration 1').click();
    await button('Save').click();
    await button('Save and Run Delta Update', dialog('Save Changes')).click();
    await page.getByTestId('edit').waitFor();
    await eventually(async () =>
      expect(await savedConfig()).toMatchObject({
        revision: 2,
        nextUpdate: 'delta',
        queries: [{ owners: ['Demo Organization'], indicatorTypes: ['Address', 'Host'], tql: 'rating >= 2' }],
      }),
    );
    await saveScreenshot(page, 'real-configure-edited');
    expect(pageErrors).toEqual([]);
  });
});
