import fs from 'node:fs';
import type { Page } from 'playwright-core';
import type { Job, TypeHoldings } from '../../../app/export/types';
import type { AppStack } from '../../../app/testing/start-app-stack';
import { saveScreenshot } from '../../helpers/browser';
import { eventually } from '../../helpers/eventually';
import { allOf, call, runJob, saveConfig } from '../../app/e2e/e2e-kit';
import { startRealServiceSession, type RealServiceSession } from './ui-session';

// The JOBS charts in Chromium against the real service and the simulators: a full update, then a delta that finds
// nothing new (it uploads nothing), then both charts: jobs over time on a dated axis with the empty job marked, and
// what Sentinel holds per type exactly as GET /api/holdings says.
let session: RealServiceSession;
let stack: AppStack;
let page: Page;
let pageErrors: string[] = [];
let full: Job;
let delta: Job;

beforeAll(async () => {
  session = await startRealServiceSession('charts-browser', { tc: { indicatorCount: 300, seed: 31 }, access: 'none' });
  ({ stack, page, pageErrors } = session);
  await saveConfig(stack, [allOf(stack)]);
  full = await runJob(stack, 'full');
  delta = await runJob(stack, 'delta');
  await page.goto(`${session.proxy.url}#/jobs`);
}, 120_000);
afterAll(() => session?.close());

/** The day as the page's own locale and time zone write it under the time axis ("7 Dec 2026"). */
const today = () => page.evaluate(() => new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short', year: 'numeric' }).format(new Date()));

/** How many pixels of the chart's canvas are painted in `rgb` (a bar colour). */
const paintedIn = (testId: string, rgb: [number, number, number]) =>
  page
    .getByTestId(testId)
    .locator('canvas')
    .evaluate((c: HTMLCanvasElement, [r, g, b]) => {
      const px = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
      let n = 0;
      for (let i = 0; i < px.length; i += 4) if (px[i] === r && px[i + 1] === g && px[i + 2] === b) n += 1;
      return n;
    }, rgb);

const tableRows = (testId: string) =>
  page
    .getByTestId(testId)
    .locator('tbody tr')
    .evaluateAll((trs) => trs.map((tr) => [...tr.children].map((c) => c.textContent)));

describe('the JOBS charts', () => {
  it('ran a full update that uploaded and a delta that uploaded nothing', () => {
    expect(full.counts.uploaded).toBeGreaterThan(0);
    expect(delta.counts).toMatchObject({ uploaded: 0, rejected: 0, revoked: 0 });
  });

  it('draws jobs over time as bars on a dated time axis, under a heading', async () => {
    const chart = page.getByTestId('upload-chart');
    await chart.getByRole('heading', { level: 2, name: 'Jobs over time' }).waitFor();
    const plot = page.getByTestId('upload-plot');
    await eventually(async () => expect(await plot.getAttribute('data-axis-labels')).toContain(await today()));
    // Times of day on the axis (the jobs ran seconds apart), the date under the first.
    expect(await plot.getAttribute('data-axis-labels')).toMatch(/^\d{1,2}:\d{2}(:\d{2})?/);
    expect(await paintedIn('upload-plot', [0x0a, 0x5c, 0xc2])).toBeGreaterThan(50); // the uploaded bar
    expect(await chart.locator('.chart-key li').allTextContents()).toEqual(['Uploaded', 'Rejected', 'Revoked', 'Nothing sent']);
    await saveScreenshot(page, 'jobs-charts');
  });

  it('marks the job that sent nothing on the baseline, and says so when pointed at', async () => {
    const marks = page.locator('.chart-zero');
    await eventually(async () => expect(await marks.count()).toBe(1));
    await expect(marks.getAttribute('data-request-id')).resolves.toBe(delta.requestId);
    expect(await marks.isVisible()).toBe(true);
    const box = (await marks.boundingBox())!;
    const plot = (await page.getByTestId('upload-plot').locator('.u-over').boundingBox())!;
    expect(box.width).toBeGreaterThanOrEqual(8);
    expect(box.x).toBeGreaterThan(plot.x);
    expect(box.x + box.width).toBeLessThan(plot.x + plot.width);
    expect(box.y + box.height).toBeLessThanOrEqual(plot.y + plot.height + 1);

    await page.mouse.move(box.x + box.width / 2, box.y - 4);
    const readout = page.getByTestId('upload-readout');
    await eventually(async () => expect(await readout.textContent()).toContain(delta.requestId.slice(0, 8)));
    expect(await readout.textContent()).toContain('nothing uploaded, rejected or revoked');
    await expect(readout.getAttribute('aria-live')).resolves.toBe('polite');
  });

  it('tells each job from the keyboard: date, status and counts', async () => {
    const plot = page.getByTestId('upload-plot');
    await plot.focus();
    const readout = page.getByTestId('upload-readout');
    // Focus starts on the newest job (the delta); Left steps back to the full update.
    await eventually(async () => expect(await readout.textContent()).toContain(delta.requestId.slice(0, 8)));
    await page.keyboard.press('ArrowLeft');
    await eventually(async () => expect(await readout.textContent()).toContain(full.requestId.slice(0, 8)));
    const text = (await readout.textContent()) ?? '';
    expect(text).toContain(
      `Full job ${full.requestId.slice(0, 8)}, Upload Complete: ${full.counts.uploaded.toLocaleString('en-US')} uploaded, ${full.counts.rejected} rejected, ${full.counts.revoked} revoked`,
    );
    expect(text).toContain(await page.evaluate(() => new Date().getFullYear().toString()));
  });

  it('gives the same numbers to screen readers in a table', async () => {
    const table = page.getByTestId('upload-table');
    expect(await table.locator('caption').textContent()).toBe('Uploaded, rejected and revoked by each of the last 2 jobs, oldest first');
    const rows = await tableRows('upload-table');
    expect(rows.map((r) => r.slice(1))).toEqual([
      [full.requestId.slice(0, 8), 'Upload Complete', String(full.counts.uploaded), String(full.counts.rejected), String(full.counts.revoked)],
      [delta.requestId.slice(0, 8), 'Upload Complete', '0', '0', '0'],
    ]);
  });

  it('shows what Sentinel holds per type as GET /api/holdings says, with the UI’s type names', async () => {
    const { json } = await call<{ at: string; types: TypeHoldings[] }>(stack, 'GET', 'api/holdings');
    expect(json.types.length).toBeGreaterThan(2);
    const chart = page.getByTestId('holdings-chart');
    await chart.getByRole('heading', { level: 2, name: 'What Sentinel holds from the App' }).waitFor();
    const name = (t: string) => (t === 'EmailAddress' ? 'Email Address' : t);
    await eventually(async () =>
      expect(await tableRows('holdings-table')).toEqual(json.types.map((t) => [name(t.type), String(t.active), String(t.expiringSoon), String(t.revoked)])),
    );
    expect(json.types.reduce((n, t) => n + t.active, 0)).toBe(full.counts.uploaded);
    const plot = page.getByTestId('holdings-plot');
    await eventually(async () => expect(await plot.getAttribute('data-axis-labels')).toBe(json.types.map((t) => name(t.type)).join(' | ')));
    expect(await paintedIn('holdings-plot', [0x1a, 0x7f, 0x37])).toBeGreaterThan(50); // the active bars

    await plot.focus();
    const readout = page.getByTestId('holdings-readout');
    const first = json.types[0]!;
    await eventually(async () =>
      expect(await readout.textContent()).toBe(
        `${name(first.type)}: ${first.active} active (${first.expiringSoon} of them expiring within a day), ${first.revoked} revoked`,
      ),
    );
    await page.keyboard.press('End');
    await eventually(async () => expect(await readout.textContent()).toMatch(new RegExp(`^${name(json.types.at(-1)!.type)}: `)));
    await saveScreenshot(page, 'jobs-charts-holdings');
  });

  it('passes axe’s checks on both charts', async () => {
    // Evaluated over the DevTools protocol, which the page's CSP (no inline scripts) does not govern.
    await page.evaluate(fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8'));
    const violations = await page.evaluate(async () => {
      const axe = (window as unknown as { axe: { run(context: unknown): Promise<{ violations: Array<{ id: string; nodes: unknown[] }> }> } }).axe;
      const result = await axe.run({ include: [['[data-testid="upload-chart"]'], ['[data-testid="holdings-chart"]']] });
      return result.violations.map((v) => `${v.id} (${v.nodes.length})`);
    });
    expect(violations).toEqual([]);
  });

  it('raised no errors in the page', () => {
    expect(pageErrors).toEqual([]);
  });
});
