import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, saveScreenshot, watchPageErrors } from '../../helpers/browser';
import { eventually } from '../../helpers/eventually';

// The README's first command, as a new user meets it: `npm start` (scripts/start.mjs) builds, starts the demo and
// prints the UI's URL; Chromium then walks it: the sample configuration, Run now to Upload Complete, the malformed
// indicators in REPORTS; Ctrl-C stops it all with exit code 0.
const ROOT = path.resolve(__dirname, '../../..');
let demo: ChildProcess;
let exited: Promise<number | null>;
let output = '';
let url = '';
let browser: Browser;
let page: Page;
let pageErrors: string[] = [];

beforeAll(async () => {
  demo = spawn(process.execPath, [path.join(ROOT, 'scripts/start.mjs'), '--port', '0'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  exited = new Promise((r) => demo.once('exit', r));
  demo.stdout!.on('data', (c: Buffer) => (output += c.toString()));
  demo.stderr!.on('data', (c: Buffer) => (output += c.toString()));
  url = await eventually(
    async () => {
      const match = /Open the UI:\s+(http:\/\/\S+)/.exec(output);
      if (!match) throw new Error(`no URL yet: ${output}`);
      return match[1]!;
    },
    { timeoutMs: 60_000, intervalMs: 100 },
  );
  browser = await launchBrowser();
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.setDefaultTimeout(10_000);
  pageErrors = watchPageErrors(page);
}, 90_000);
afterAll(async () => {
  await browser?.close();
  if (demo.exitCode === null) demo.kill('SIGKILL');
});

describe('the demo (npm start)', () => {
  it('says what it runs and what to try', () => {
    expect(output).toMatch(/3,000 indicators of all nine types/);
    expect(output).toMatch(/8 malformed indicators/);
    expect(output).toMatch(/Ctrl-C stops everything/);
  });

  it('shows the sample configuration on CONFIGURE', async () => {
    await page.goto(url);
    await page.getByTestId('query-row').first().waitFor();
    expect(await page.getByTestId('query-row').count()).toBe(2);
    await eventually(async () => expect(await page.getByTestId('query-row').nth(1).textContent()).toContain('rating >= 0'));
    await saveScreenshot(page, 'demo-configure');
  });

  it('runs a job to Upload Complete with Run now', async () => {
    await page.getByRole('link', { name: 'JOBS' }).click();
    await page.getByRole('button', { name: 'Run now', exact: true }).click();
    const panel = page.getByTestId('running-job');
    await panel.getByText('No job is running. The last one').waitFor({ timeout: 60_000 });
    await eventually(async () => expect(await panel.textContent()).toContain('ended Upload Complete'));
    const counts = await panel.locator('dd[data-count]').evaluateAll((dds) => Object.fromEntries(dds.map((d) => [d.getAttribute('data-count'), Number((d.textContent ?? '').replace(/[^0-9]/g, ''))])));
    expect(counts.uploaded).toBeGreaterThan(2500);
    expect(counts.convertErrors).toBeGreaterThan(0);
    await saveScreenshot(page, 'demo-jobs');
  }, 90_000);

  it('lists the malformed indicators in REPORTS', async () => {
    await page.getByRole('link', { name: 'REPORTS' }).click();
    await page.getByTestId('errors-table').waitFor();
    await page.getByRole('group', { name: /^Step/ }).getByLabel('convert').check();
    await eventually(async () => expect(await page.getByTestId('error-row').count()).toBeGreaterThan(0));
    await page.getByTestId('error-row').first().getByRole('button', { name: 'Show' }).click();
    const raw = JSON.parse((await page.getByTestId('raw').textContent()) ?? '{}') as { id?: number; type?: string };
    expect(typeof raw.id).toBe('number');
    await saveScreenshot(page, 'demo-reports');
    expect(pageErrors).toEqual([]);
  });

  it('stops cleanly on Ctrl-C', async () => {
    demo.kill('SIGINT');
    expect(await exited).toBe(0);
  }, 30_000);
});
