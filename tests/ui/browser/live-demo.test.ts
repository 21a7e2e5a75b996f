import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { openBrowserPage, saveScreenshot } from '../../helpers/browser';
import { eventually } from '../../helpers/eventually';
import { spawnNode, type RunningCommand } from '../../helpers/spawn-node';

// `npm start -- --realistic` as a person tries it: 30,000 indicators and Sentinel's limits scaled to 100 requests per
// 20 s, so a full update runs a minute or more. Chromium starts one from JOBS and watches it for 30 s: a running job
// all along, with its stage, a rate against the ceiling and a time left that change as it goes.
const ROOT = path.resolve(__dirname, '../../..');
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'live-demo-test-'));
const WATCH_MS = 30_000;
let demo: RunningCommand | undefined;
let browser: Browser;
let page: Page;
let pageErrors: string[] = [];

beforeAll(async () => {
  ({ browser, page, pageErrors } = await openBrowserPage(15_000));
}, 30_000);
afterAll(async () => {
  await browser?.close();
  demo?.killGroup();
  await demo?.exited;
  fs.rmSync(scratch, { recursive: true, force: true });
});

interface Seen {
  at: number;
  summary: string;
  stage?: string;
  current: string[];
  upload?: string;
  rate?: string;
  eta?: string;
}

const seenNow = (p: Page) =>
  p.evaluate((): Seen => {
    const panel = document.querySelector('[data-testid="running-job"]');
    const live = panel?.querySelector<HTMLElement>('[data-testid="live-job"]');
    return {
      at: Date.now(),
      summary: panel?.querySelector('[data-testid="running-job-summary"]')?.textContent ?? '',
      stage: live?.dataset.stage,
      current: [...(panel?.querySelectorAll<HTMLElement>('li[aria-current="step"]') ?? [])].map((li) => li.dataset.stage!),
      upload: panel?.querySelector('li[data-stage="upload"] progress')?.getAttribute('value') ?? undefined,
      rate: panel?.querySelector('[data-testid="live-rate"]')?.textContent ?? undefined,
      eta: panel?.querySelector('[data-testid="live-eta"]')?.textContent ?? undefined,
    };
  });

it('shows a full update of the realistic demo live for 30 s: its stage, rate and time left, changing', async () => {
  demo = spawnNode([path.join(ROOT, 'scripts/start.mjs'), '--realistic', '--port', '0', '--work-dir', path.join(scratch, 'realistic')], { cwd: ROOT });
  const url = (await demo.waitForOutput(/Open the UI:\s+(http:\/\/\S+)/, 45_000))[1]!;
  expect(demo.output()).toMatch(/30,000 indicators/);
  expect(demo.output()).toMatch(/100 requests per 20 s \(realistic mode/);

  await page.goto(url);
  await page.getByRole('link', { name: 'JOBS' }).click();
  await eventually(async () => expect(await page.getByLabel('Update').inputValue()).toBe('full'));
  await page.getByRole('button', { name: 'Run now', exact: true }).click();
  const panel = page.getByTestId('running-job');
  await panel.getByTestId('live-job').waitFor();

  const seen: Seen[] = [];
  for (const until = Date.now() + WATCH_MS + 1000; Date.now() < until;) {
    seen.push(await seenNow(page));
    await page.waitForTimeout(500);
  }
  await saveScreenshot(page, 'live-demo-running');
  expect(seen.at(-1)!.at - seen[0]!.at).toBeGreaterThanOrEqual(WATCH_MS);

  // All along: a running job with its stage marked, a rate against the ceiling (100 × 100 per 20 s) and a time left.
  for (const s of seen) {
    expect(s.summary).toMatch(/^(Download|Convert|Upload) (In Progress|Complete) — Ad-hoc Full job [0-9a-f-]{36}, started /);
    expect(s.stage).toMatch(/^(download|convert|upload|revoke)$/);
    expect(s.current).toEqual([s.stage]);
    expect(s.rate).toMatch(/^[\d,]+ objects\/min of 30,000 max$/);
    expect(s.eta).toMatch(/^(not known yet|almost done|about \d+ (s|min) left, ending about .+)$/);
  }
  // …that change as the job goes on.
  const distinct = (key: keyof Seen) => new Set(seen.map((s) => s[key])).size;
  expect(distinct('rate')).toBeGreaterThan(3);
  expect(distinct('eta')).toBeGreaterThan(2);
  expect(distinct('upload')).toBeGreaterThan(3);
  expect(seen.filter((s) => /ending about/.test(s.eta!)).length).toBeGreaterThan(seen.length / 2);
  expect(pageErrors).toEqual([]);

  // Ctrl-C stops the demo and its job.
  demo.signalGroup('SIGINT');
  expect(await demo.exited).toBe(0);
}, 90_000);
