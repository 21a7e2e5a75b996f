import fs from 'node:fs';
import type { Page } from 'playwright-core';
import type { AppStack } from '../../../app/testing/start-app-stack';
import { allOf, saveConfig } from '../../app/e2e/e2e-kit';
import { saveScreenshot } from '../../helpers/browser';
import { eventually } from '../../helpers/eventually';
import { startRealServiceSession, type RealServiceSession } from './ui-session';

// A running job live on JOBS, in Chromium against the real service and the simulators, with Sentinel's limits
// scaled to 2 requests a second (a ceiling of 12,000 objects a minute) so ~3,000 objects take about 15 s to send,
// and one 429 with Retry-After once the upload is under way: the stages with their bars and states, the rate against
// the ceiling and the time left changing every second, the throttling banner while Sentinel holds the uploads back,
// and the summary alone read out.
let session: RealServiceSession;
let stack: AppStack;
let page: Page;
let pageErrors: string[] = [];

beforeAll(async () => {
  session = await startRealServiceSession('live-ui', {
    tc: { indicatorCount: 3000, seed: 77, duplicateShare: 0 },
    sentinel: { settings: { maxRequests: 2, windowMs: 1000 } },
    app: { limits: { maxRequestsPerWindow: 2, windowMs: 1000 } },
    access: 'none',
  });
  ({ stack, page, pageErrors } = session);
}, 60_000);
afterAll(() => session?.close());

/** What the panel shows at one moment. */
interface Snapshot {
  at: number;
  summary: string;
  stage?: string;
  states: Record<string, string>;
  current: string[];
  rate?: string;
  perMinute?: number;
  eta?: string;
  etaSeconds?: number;
  banner?: string;
  bannerInSummary: boolean;
  ended: boolean;
}

function snapshot(p: Page): Promise<Snapshot> {
  return p.evaluate(() => {
    const panel = document.querySelector('[data-testid="running-job"]')!;
    const summary = panel.querySelector('[data-testid="running-job-summary"]');
    const live = panel.querySelector<HTMLElement>('[data-testid="live-job"]');
    const rate = panel.querySelector<HTMLElement>('[data-testid="live-rate"]');
    const eta = panel.querySelector<HTMLElement>('[data-testid="live-eta"]');
    const banner = panel.querySelector('[data-testid="throttle-banner"]');
    const stages = [...panel.querySelectorAll<HTMLElement>('li[data-stage]')];
    return {
      at: Date.now(),
      summary: summary?.textContent ?? '',
      stage: live?.dataset.stage,
      states: Object.fromEntries(stages.map((li) => [li.dataset.stage!, li.dataset.state!])),
      current: stages.filter((li) => li.getAttribute('aria-current') === 'step').map((li) => li.dataset.stage!),
      rate: rate?.textContent ?? undefined,
      perMinute: rate?.dataset.objectsPerMinute === undefined ? undefined : Number(rate.dataset.objectsPerMinute),
      eta: eta?.textContent ?? undefined,
      etaSeconds: eta?.dataset.etaSeconds === undefined ? undefined : Number(eta.dataset.etaSeconds),
      banner: banner?.textContent ?? undefined,
      bannerInSummary: Boolean(banner && summary?.contains(banner)),
      ended: (summary?.textContent ?? '').includes('No job is running. The last one'),
    };
  });
}

const distinct = <T>(values: Array<T | undefined>) => [...new Set(values.filter((v): v is T => v !== undefined))];

it('shows the running job’s stages, rate against the ceiling, time left and Sentinel’s throttling, updated every second', async () => {
  await saveConfig(stack, [allOf(stack)]);
  await page.goto(`${session.proxy.url}#/jobs`);
  await page.getByTestId('running-job').getByText('No job is running.').waitFor();
  // The job reads itself every second while it runs: GET api/jobs/<id>.
  const reads: number[] = [];
  page.on('request', (r) => {
    if (/\/api\/jobs\/[0-9a-f-]{36}$/.test(new URL(r.url()).pathname)) reads.push(Date.now());
  });
  stack.sentinel.faults.next({ status: 429, headers: { 'retry-after': '3' }, match: 'stix-objects:upload', skip: 8 });
  await page.getByLabel('Update').selectOption('full');
  await page.getByRole('button', { name: 'Run now', exact: true }).click();
  const panel = page.getByTestId('running-job');
  await panel.getByTestId('live-job').waitFor();

  // Labelled bars, one per stage, and the current stage marked; one live region, the summary.
  for (const name of ['Progress of the running job', 'Download progress', 'Convert progress', 'Upload progress', 'Revoke progress']) {
    await panel.getByRole('progressbar', { name }).waitFor();
  }
  expect(await panel.locator('[aria-live]').count()).toBe(1);
  expect(await panel.locator('[aria-live]').getAttribute('data-testid')).toBe('running-job-summary');
  expect(await panel.getAttribute('aria-live')).toBeNull();
  expect(await panel.getByRole('list', { name: 'Stages of the running job' }).getByRole('listitem').allTextContents()).toEqual([
    expect.stringMatching(/^Download/),
    expect.stringMatching(/^Convert/),
    expect.stringMatching(/^Upload/),
    expect.stringMatching(/^Revoke/),
  ]);
  // The page's CSP allows no added script tags: axe is evaluated as the test's own code.
  await page.evaluate(fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8'));
  const violations = await page.evaluate(async () => {
    const result = await (window as unknown as { axe: { run(context: string): Promise<{ violations: Array<{ id: string }> }> } }).axe.run(
      '[data-testid="running-job"]',
    );
    return result.violations.map((v) => v.id);
  });
  expect(violations).toEqual([]);

  const seen: Snapshot[] = [];
  let shot = false;
  for (const until = Date.now() + 60_000; Date.now() < until;) {
    const s = await snapshot(page);
    seen.push(s);
    if (s.banner && !shot) {
      shot = true;
      await saveScreenshot(page, 'live-job-throttled');
    }
    if (s.ended) break;
    await page.waitForTimeout(200);
  }
  const running = seen.filter((s) => s.stage !== undefined);
  expect(seen.at(-1)!.ended).toBe(true);
  expect(seen.at(-1)!.summary).toContain('ended Upload Complete');
  await eventually(async () => expect(await panel.getByTestId('live-job').count()).toBe(0));
  expect(await panel.getByTestId('throttle-banner').count()).toBe(0);

  // The stage: the upload is reached and marked; the stages before it end as done.
  expect(running.map((s) => s.stage)).toContain('upload');
  for (const s of running) expect(s.current).toEqual([s.stage]);
  expect(running.some((s) => s.stage === 'upload' && s.states.upload === 'running' && s.states.revoke === 'waiting')).toBe(true);
  expect(running.some((s) => s.states.download === 'done' && s.states.convert === 'done')).toBe(true);

  // The rate against Sentinel's ceiling, changing as the upload goes on.
  const rates = distinct(running.map((s) => s.rate));
  for (const r of rates) expect(r).toMatch(/^[\d,]+ objects\/min of 12,000 max$/);
  expect(distinct(running.map((s) => s.perMinute)).filter((n) => n > 0).length).toBeGreaterThan(2);
  expect(Math.max(...running.map((s) => s.perMinute ?? 0))).toBeLessThanOrEqual(12_000 * 1.2);

  // The time left, with the clock time it ends, counting down.
  const etas = running.filter((s) => s.etaSeconds !== undefined);
  expect(distinct(etas.map((s) => s.eta)).length).toBeGreaterThan(1);
  for (const s of etas) expect(s.eta).toMatch(/^(about \d+ s left|about \d+ min left|almost done)(, ending about .+)?$/);
  expect(etas.some((s) => /, ending about \d{1,2}:\d{2}/.test(s.eta!))).toBe(true);
  expect(distinct(etas.map((s) => s.etaSeconds)).length).toBeGreaterThan(2);

  // Sentinel's 429: a banner in the summary until when it holds the uploads back, gone once they resume.
  const throttled = running.filter((s) => s.banner);
  expect(throttled.length).toBeGreaterThan(0);
  for (const s of throttled) {
    expect(s.banner).toMatch(/^Sentinel asked the App to wait \(429\) until \d{1,2}:\d{2}:\d{2}( [AP]M)?; uploads resume then\.$/);
    expect(s.bannerInSummary).toBe(true);
  }
  const lastThrottled = running.lastIndexOf(throttled.at(-1)!);
  expect(running.slice(lastThrottled + 1).some((s) => !s.banner)).toBe(true);
  expect(stack.sentinel.requests.filter((r) => r.status === 429).length).toBeGreaterThanOrEqual(1);

  // What is shown changes every second or so: the job was read about every second while it ran.
  const gaps = reads.slice(1).map((t, i) => t - reads[i]!);
  expect(reads.length).toBeGreaterThan(5);
  const sorted = [...gaps].sort((a, b) => a - b);
  expect(sorted[Math.floor(sorted.length / 2)]!).toBeLessThanOrEqual(1200);
  expect(Math.max(...gaps)).toBeLessThan(2500);
  await saveScreenshot(page, 'live-job-ended');
  expect(pageErrors).toEqual([]);
}, 90_000);
