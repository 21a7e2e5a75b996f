import type { Locator, Page } from 'playwright-core';
import { saveScreenshot } from '../../helpers/browser';
import { eventually } from '../../helpers/eventually';
import { GOOD_QUERY } from '../../app/routes/route-cases';
import { seedHistory } from '../../app/routes/seed-history';
import { startUiSession, type UiSession } from './ui-session';

// JOBS, TASKS and REPORTS in a real browser: run a job and watch it to Upload Complete, its tasks, filters and
// pages, a conversion error with its raw contents, and the loading / empty / error states.
let s: UiSession;
let page: Page;
let requestId = '';

beforeAll(async () => {
  s = await startUiSession({ stepMs: 600 });
  page = s.page;
  seedHistory(s.target.fake);
  s.target.fake.config = { queries: [GOOD_QUERY], nextUpdate: 'full', revision: 1 };
});
afterAll(() => s?.close());

const button = (name: string | RegExp, within: Page | Locator = page) => within.getByRole('button', { name, exact: typeof name === 'string' });
const jobRows = () => page.getByTestId('job-row');
const panel = () => page.getByTestId('running-job');
const statusFilter = () => page.getByRole('group', { name: /^Status/ });

describe('JOBS', () => {
  it('lists the jobs newest first with a chart of what each uploaded', async () => {
    await page.goto(`${s.target.url}#/jobs`);
    await jobRows().first().waitFor();
    expect(await jobRows().evaluateAll((rows) => rows.map((r) => r.getAttribute('data-request-id')?.slice(-1)))).toEqual(['5', '4', '3', '2', '1']);
    // The chart's numbers, oldest first, as its table for screen readers gives them (uploaded column).
    const uploaded = page.getByTestId('upload-table').locator('tbody tr td:nth-child(4)');
    await eventually(async () => expect(await uploaded.allTextContents()).toEqual(['10', '20', '0', '40', '50']));
    await saveScreenshot(page, 'jobs');
  });

  it('runs a full update now, then offers no second one while it runs, with a link to the running job', async () => {
    await page.getByLabel('Update').selectOption('full');
    await button('Run now').click();
    const message = page.getByTestId('run-now-message');
    await eventually(async () => expect(await message.textContent()).toMatch(/^Started full job [0-9a-f-]{36}\.$/));
    requestId = (/job (\S+)\.$/.exec((await message.textContent()) ?? '') ?? [])[1] ?? '';
    await eventually(async () => expect(await button('Run now').isDisabled()).toBe(true));
    const link = page.getByTestId('run-now').getByRole('link', { name: `Job ${requestId.slice(0, 8)}` });
    await expect(link.getAttribute('href')).resolves.toBe(`#/jobs?requestId=${requestId}`);
    expect(await page.getByTestId('run-now-running').textContent()).toMatch(/is running; a new one can start when it ends\.$/);
  });

  it('shows the running job live, then how it ended with its counts', async () => {
    await expect(page.getByTestId('running-job-summary').getAttribute('aria-live')).resolves.toBe('polite');
    await panel().getByRole('progressbar', { name: 'Progress of the running job' }).waitFor();
    await eventually(async () => expect(await panel().textContent()).toContain(requestId));
    await saveScreenshot(page, 'jobs-running');
    await panel().getByText('No job is running. The last one').waitFor({ timeout: 10_000 });
    await eventually(async () => expect(await panel().textContent()).toContain('ended Upload Complete'));
    const counts = await panel()
      .locator('dd[data-count]')
      .evaluateAll((dds) => Object.fromEntries(dds.map((d) => [d.getAttribute('data-count'), d.textContent])));
    expect(counts).toMatchObject({ downloaded: '3', duplicates: '0', converted: '2', convertErrors: '1', uploaded: '2' });
    await expect(jobRows().first().getAttribute('data-request-id')).resolves.toBe(requestId);
    await eventually(async () => expect(await jobRows().first().textContent()).toContain('Upload Complete'));
    await saveScreenshot(page, 'jobs-complete');
  });

  it('opens a job to show its tasks', async () => {
    await button(`Show details of job ${requestId}`).click();
    const details = page.getByTestId('job-details');
    await details.getByTestId('tasks-table').waitFor();
    expect(await details.getByTestId('task-row').locator('th').allTextContents()).toEqual(['Download query 1', 'Convert', 'Upload batch 1']);
    await expect(button(`Hide details of job ${requestId}`).getAttribute('aria-expanded')).resolves.toBe('true');
  });

  it('filters by status and by request ID text, and says when nothing matches', async () => {
    await statusFilter().getByLabel('Failed').check();
    await page
      .getByTestId('pager')
      .getByText(/· 1 job$/)
      .waitFor();
    await eventually(async () => expect(await jobRows().count()).toBe(1));
    await expect(jobRows().first().getAttribute('data-request-id')).resolves.toMatch(/3$/);
    await statusFilter().getByLabel('Upload Complete').check();
    await page.getByTestId('pager').getByText('6 jobs').waitFor();
    await statusFilter().getByLabel('Failed').uncheck();
    await statusFilter().getByLabel('Upload Complete').uncheck();
    await page.getByLabel('Request ID').fill('000000000004');
    await page
      .getByTestId('pager')
      .getByText(/· 1 job$/)
      .waitFor();
    await expect(jobRows().first().getAttribute('data-request-id')).resolves.toMatch(/4$/);
    await saveScreenshot(page, 'jobs-filtered');
    await page.getByLabel('Request ID').fill('no-such-job');
    await eventually(async () => expect(await page.getByTestId('empty').textContent()).toBe('No jobs match these filters.'));
    await page.getByLabel('Job Type').selectOption('scheduled');
    await page.getByLabel('Request ID').fill('');
    await page.getByTestId('pager').getByText('3 jobs').waitFor();
  });

  it('pages through many jobs', async () => {
    for (let i = 0; i < 25; i += 1) {
      const job = s.target.fake.addJob('scheduled', 'delta', new Date(Date.UTC(2024, 0, 1, i)).toISOString());
      Object.assign(job, { status: 'Upload Complete', progress: 1 });
    }
    await page.getByLabel('Job Type').selectOption('');
    await page.getByTestId('pager').getByText('Page 1 of 2 · 31 jobs').waitFor();
    await button('Next ›').click();
    await page.getByTestId('pager').getByText('Page 2 of 2 · 31 jobs').waitFor();
    await eventually(async () => expect(await jobRows().count()).toBe(11));
  });
});

describe('TASKS', () => {
  it('shows the tasks of one job from its link, and filters them by kind', async () => {
    await page.getByLabel('Request ID').fill(requestId);
    await button(`Show details of job ${requestId}`).click();
    await page.getByRole('link', { name: 'All tasks of this job' }).click();
    await page.getByTestId('tasks-page').waitFor();
    await eventually(async () => expect(await page.getByLabel('Request ID').inputValue()).toBe(requestId));
    await eventually(async () => expect(await page.getByTestId('task-row').count()).toBe(3));
    await page.getByRole('group', { name: /^Kind/ }).getByLabel('upload').check();
    await page
      .getByTestId('pager')
      .getByText(/· 1 task$/)
      .waitFor();
    await saveScreenshot(page, 'tasks');
  });

  it('shows a failure to load with Retry, then the Cleaner among all tasks', async () => {
    s.target.fake.failWith.listTasks = new Error('database is locked');
    await page.goto(`${s.target.url}#/jobs`);
    await page.keyboard.press('Tab');
    await page.getByRole('link', { name: 'TASKS' }).focus();
    await page.keyboard.press('Enter');
    await eventually(async () => expect(await page.getByTestId('load-error').textContent()).toContain('Could not load tasks: Internal server error'));
    await button('Retry').click();
    await page.getByTestId('tasks-table').getByText('Cleaner', { exact: true }).waitFor();
  });
});

describe('REPORTS', () => {
  it('shows the job’s conversion error, filtered by request ID and step, with its raw contents', async () => {
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
    const raw = await page.getByTestId('raw').textContent();
    expect(JSON.parse(raw ?? '')).toMatchObject({ type: 'Address', ip: '999.1.1.1', ownerName: 'ABC-Owner' });
    await saveScreenshot(page, 'reports');
    await page.getByRole('group', { name: /^Step/ }).getByLabel('convert').uncheck();
    await page.getByRole('group', { name: /^Step/ }).getByLabel('revoke').check();
    await eventually(async () => expect(await page.getByTestId('empty').textContent()).toBe('No errors match these filters.'));
  });

  it('had no page errors beyond the failure it was served on purpose', () => {
    expect(s.pageErrors.filter((e) => !e.includes('status of 500'))).toEqual([]);
  });
});
