import fs from 'node:fs';
import type { Page } from 'playwright-core';
import type { ErrorGroupRecord, ErrorRecord, IndicatorLookup, Job, PageOf } from '../../../app/export/types';
import type { AppStack } from '../../../app/testing/start-app-stack';
import { saveScreenshot } from '../../helpers/browser';
import { eventually } from '../../helpers/eventually';
import type { PrefixProxy } from '../../helpers/prefix-proxy';
import { allOf, call, runJob, saveConfig } from '../../app/e2e/e2e-kit';
import { startRealServiceSession, type RealServiceSession } from './ui-session';

// REPORTS for triage, in Chromium against the real service under ThreatConnect's prefix: two full jobs over a set
// with malformed indicators. The same errors of both jobs are one row with a count, the configuration and the
// indicator (its value a link to ThreatConnect); the request ID opens its job on JOBS; Export CSV downloads what the
// filters show. "Where is my indicator?" finds a value however it is written, with its state and its job, and a
// malformed one as not converted, with its errors.
let session: RealServiceSession;
let stack: AppStack;
let proxy: PrefixProxy;
let page: Page;
let pageErrors: string[] = [];
let first: Job;
let second: Job;

const MALFORMED = 6;

beforeAll(async () => {
  session = await startRealServiceSession('reports-triage', { tc: { indicatorCount: 400, seed: 5, duplicateShare: 0, malformedCount: MALFORMED } });
  ({ stack, proxy, page, pageErrors } = session);
  // The malformed indicators come back through both configurations: each is reported once a job, by the first.
  await saveConfig(stack, [allOf(stack), allOf(stack, 'rating >= 0 and confidence >= 0')]);
  first = await runJob(stack, 'full');
  second = await runJob(stack, 'full');
}, 120_000);
afterAll(() => session?.close());

const api = async <T>(route: string) => (await call<T>(stack, 'GET', route)).json;
const hash = () => new URL(page.url()).hash;
const rows = () => page.getByTestId('error-row');
const mergeBox = () => page.getByLabel('Merge identical errors');

/** Clicks Export CSV and reads the file Chromium downloaded. */
async function download(): Promise<{ name: string; lines: string[] }> {
  const [file] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Export CSV' }).click()]);
  const where = await file.path();
  return { name: file.suggestedFilename(), lines: fs.readFileSync(where, 'utf8').split('\r\n').filter(Boolean) };
}

describe('errors, merged', () => {
  it('shows identical errors of both jobs as one row, counted, with the configuration and the indicator', async () => {
    const merged = await api<PageOf<ErrorGroupRecord>>('api/errors?step=convert&grouped=true&pageSize=100');
    expect(merged.total).toBe(MALFORMED);
    await page.goto(`${proxy.url}#/reports?step=convert`);
    await eventually(async () => expect(await rows().count()).toBe(MALFORMED));
    expect(await mergeBox().isChecked()).toBe(true);
    const headers = await page.getByTestId('errors-table').locator('thead th').allTextContents();
    expect(headers).toEqual(['Last seen', 'Count', 'Request ID', 'Step', 'Message', 'Configuration', 'Type', 'Owner', 'Indicator', 'Raw']);
    expect(await page.getByTestId('error-count').allTextContents()).toEqual(Array(MALFORMED).fill('2'));
    expect(await page.getByTestId('error-origin').allTextContents()).toEqual(Array(MALFORMED).fill('Configuration 1'));

    // The first row is the API's first group: its type as the UI spells it, owner, and value linking to ThreatConnect.
    const group = merged.items[0]!;
    const cells = await rows().first().locator('th, td').allTextContents();
    expect(cells[6]).toBe(group.indicator!.type!.replace(/([a-z])([A-Z])/g, '$1 $2'));
    expect(cells[7]).toBe(group.indicator!.owner);
    const link = rows().first().getByTestId('indicator-link');
    expect(await link.textContent()).toBe(group.indicator!.value);
    expect(await link.getAttribute('href')).toBe(group.indicator!.webLink);
    expect(group.indicator!.webLink).toMatch(/^https?:\/\/.*\/details\/indicators\/\d+/);
    expect(await link.getAttribute('target')).toBe('_blank');
    expect(await link.getAttribute('rel')).toBe('noopener noreferrer');

    // Both jobs, newest first, each a link to JOBS; per-row buttons keep unique names.
    const jobs = rows().first().getByTestId('error-job-link');
    expect(await jobs.evaluateAll((as) => as.map((a) => a.getAttribute('href')))).toEqual([
      `#/jobs?requestId=${second.requestId}`,
      `#/jobs?requestId=${first.requestId}`,
    ]);
    const names = await page
      .getByTestId('errors-table')
      .getByRole('button')
      .evaluateAll((bs) => bs.map((b) => b.getAttribute('aria-label')));
    expect(names).toEqual(Array.from({ length: MALFORMED }, (_, i) => `Show raw contents of error ${i + 1}`));
    await saveScreenshot(page, 'reports-triage-merged');
  });

  it('exports exactly what the filters show, merged', async () => {
    const href = await page.getByRole('link', { name: 'Export CSV' }).getAttribute('href');
    expect(href).toBe('api/errors.csv?step=convert&grouped=true');
    const csv = await download();
    expect(csv.name).toBe('errors-merged.csv');
    expect(csv.lines[0]).toMatch(/^time,request_id,step,message,configuration,indicator_type,owner,indicator,tc_id,web_link,count,/);
    expect(csv.lines).toHaveLength(1 + MALFORMED);
  });

  it('unmerged, the choice in the address: a row per error, and the CSV follows', async () => {
    await mergeBox().uncheck();
    await eventually(async () => expect(hash()).toBe('#/reports?step=convert&merge=off'));
    await eventually(async () => expect(await rows().count()).toBe(2 * MALFORMED));
    expect(await page.getByTestId('error-count').count()).toBe(0);
    expect(await page.getByRole('link', { name: 'Export CSV' }).getAttribute('href')).toBe('api/errors.csv?step=convert');
    const all = await api<PageOf<ErrorRecord>>('api/errors?step=convert&pageSize=100');
    const csv = await download();
    expect(csv.name).toBe('errors.csv');
    expect(csv.lines).toHaveLength(1 + all.total);

    await page.reload();
    await eventually(async () => expect(await rows().count()).toBe(2 * MALFORMED));
    expect(await mergeBox().isChecked()).toBe(false);
    await page.goBack();
    await eventually(async () => expect(await rows().count()).toBe(MALFORMED));
    expect(await mergeBox().isChecked()).toBe(true);

    // The request ID filter goes into the CSV too.
    await page.getByLabel('Request ID').fill(first.requestId);
    await eventually(async () =>
      expect(await page.getByRole('link', { name: 'Export CSV' }).getAttribute('href')).toBe(
        `api/errors.csv?step=convert&requestId=${first.requestId}&grouped=true`,
      ),
    );
    await eventually(async () => expect(await page.getByTestId('error-count').allTextContents()).toEqual(Array(MALFORMED).fill('1')));
    expect((await download()).lines).toHaveLength(1 + MALFORMED);
  });

  it('a request ID opens its job on JOBS', async () => {
    await rows().first().getByTestId('error-job-link').first().click();
    await eventually(async () => expect(hash()).toBe(`#/jobs?requestId=${first.requestId}`));
    await eventually(async () => expect(await page.getByTestId('job-row').count()).toBe(1));
    expect(await page.getByTestId('request-id-filter').inputValue()).toBe(first.requestId);
    expect(await page.getByTestId('job-row').textContent()).toContain(first.requestId.split('-')[0]);
  });
});

describe('where is my indicator?', () => {
  const lookup = () => page.getByTestId('indicator-lookup');
  async function lookUp(value: string) {
    await lookup().getByLabel('Value, STIX ID or ThreatConnect ID').fill(value);
    await lookup().getByRole('button', { name: 'Look up' }).click();
  }

  it('finds a value written in other case, with its STIX id, state and the job that last sent it', async () => {
    const host = stack.sentinel.store.all('ThreatConnect-Demo').find((o) => String(o.pattern).startsWith('[domain-name:value'))!;
    const value = String(host.name).split(' | ')[0]!;
    const [expected] = await api<IndicatorLookup[]>(`api/indicators?q=${encodeURIComponent(value)}`);
    await page.goto(`${proxy.url}#/reports`);
    await lookUp(value.toUpperCase());
    const result = lookup().getByTestId('lookup-row').first();
    await eventually(async () => expect(await result.getByTestId('lookup-stix-id').textContent()).toBe(host.id));
    expect(await result.getByTestId('lookup-state').textContent()).toBe('Active');
    expect(await result.getByTestId('lookup-configuration').textContent()).toBe('Configuration 1');
    expect(await result.textContent()).toContain('Host');
    expect(await result.textContent()).toContain(expected!.owner);
    expect(await result.getByTestId('lookup-sentinel').textContent()).toMatch(/^(There as sent|Not checked)/);
    const job = result.getByTestId('lookup-last-job');
    expect(await job.getAttribute('href')).toBe(`#/jobs?requestId=${expected!.lastJob}`);
    expect([first.requestId, second.requestId]).toContain(expected!.lastJob);
    expect(await result.getByTestId('lookup-error').count()).toBe(0);
    await saveScreenshot(page, 'reports-triage-lookup');
  });

  it('says a malformed value was not converted, with its errors and their jobs', async () => {
    const malformed = (await api<PageOf<ErrorRecord>>('api/errors?step=convert&pageSize=1')).items[0]!;
    await lookUp(malformed.indicator!.value!);
    const result = lookup().getByTestId('lookup-row').first();
    await eventually(async () => expect(await result.getByTestId('lookup-state').textContent()).toBe('Not converted'));
    expect(await result.getByTestId('lookup-stix-id').textContent()).toBe('none (not converted)');
    expect(await result.getByTestId('lookup-sentinel').textContent()).toBe('Not sent: the App could not convert it');
    const errors = result.getByTestId('lookup-error');
    expect(await errors.count()).toBe(2);
    for (const text of await errors.allTextContents()) expect(text).toContain(malformed.message);
    const jobs = await result.getByTestId('lookup-error-job').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    expect(new Set(jobs)).toEqual(new Set([`#/jobs?requestId=${first.requestId}`, `#/jobs?requestId=${second.requestId}`]));
    await saveScreenshot(page, 'reports-triage-not-converted');
  });

  it('never scrolls sideways at 390 px, results and errors shown', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    try {
      await page.getByTestId('error-row').first().waitFor();
      const widths = await page.evaluate(() => ({ page: document.documentElement.scrollWidth, view: document.documentElement.clientWidth }));
      expect(widths.page).toBeLessThanOrEqual(widths.view);
      await saveScreenshot(page, 'reports-triage-390');
    } finally {
      await page.setViewportSize({ width: 1280, height: 900 });
    }
    expect(pageErrors).toEqual([]);
  });
});
