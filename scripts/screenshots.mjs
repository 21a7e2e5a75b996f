#!/usr/bin/env node
// `npm run screenshots`: the pictures of the README. Starts the realistic demo (`npm start -- --realistic`: 30,000
// indicators, Sentinel's limits scaled to 100 requests per 20 s, so a full update runs a minute or two) with its state
// in a scratch folder, drives Debian's Chromium (no browser is downloaded) through the four screens and a running
// job, and writes docs/images/{configure,jobs-running,jobs,tasks,reports}.png, 1,280 px wide. Takes about three
// minutes.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outDir = path.join(root, 'docs', 'images');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const VIEWPORT = { width: 1280, height: 860 };
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'screenshots-'));

/** Runs the demo in its own process group, so it and the App it starts are stopped together. */
function startDemo() {
  const child = spawn(
    process.execPath,
    [path.join(root, 'scripts/start.mjs'), '--realistic', '--no-token', '--port', '0', '--work-dir', path.join(scratch, 'demo')],
    {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    },
  );
  let output = '';
  const url = new Promise((resolve, reject) => {
    const onData = (chunk) => {
      output += chunk.toString();
      const found = /Open the UI:\s+(http:\/\/\S+)/.exec(output);
      if (found) resolve(found[1]);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => reject(new Error(`the demo exited (${code}) before it served the UI:\n${output}`)));
    setTimeout(() => reject(new Error(`the demo did not serve the UI within 120 s:\n${output}`)), 120_000).unref();
  });
  const stop = () => {
    try {
      process.kill(-child.pid, 'SIGINT');
    } catch {
      // already gone
    }
    return new Promise((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      const timer = setTimeout(() => {
        try {
          process.kill(-child.pid, 'SIGKILL');
        } catch {
          // already gone
        }
        resolve();
      }, 10_000);
      child.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
    });
  };
  return { url, stop };
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Retries `fn` until it returns something truthy, or fails after `timeoutMs`. */
async function until(what, fn, timeoutMs = 30_000) {
  for (const end = Date.now() + timeoutMs; ;) {
    const value = await fn().catch(() => undefined);
    if (value) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(250);
  }
}

async function shoot(page, name) {
  // Let charts size themselves and transitions end.
  await page.waitForTimeout(600);
  const file = path.join(outDir, `${name}.png`);
  await page.screenshot({ path: file });
  console.log(`  ${path.relative(root, file)} (${Math.round(fs.statSync(file).size / 1024)} kB)`);
}

async function main() {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: apt-get install -y chromium`);
  fs.mkdirSync(outDir, { recursive: true });
  console.log('Starting the realistic demo…');
  const demo = startDemo();
  let browser;
  try {
    const url = await demo.url;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-dev-shm-usage'],
    });
    const page = await browser.newPage({ viewport: VIEWPORT, reducedMotion: 'reduce' });
    page.setDefaultTimeout(20_000);
    const api = async (route, init) => (await page.request.fetch(new URL(route, url).href, init)).json();

    // CONFIGURE: the demo's two sample query configurations.
    await page.goto(url);
    await page.getByTestId('query-row').first().waitFor();
    await shoot(page, 'configure');

    // JOBS: a full update started with Run now, shown live once the upload is under way.
    await page.getByTestId('tab-jobs').click();
    await page.getByLabel('Update').selectOption('full');
    await page.getByRole('button', { name: 'Run now', exact: true }).click();
    const panel = page.getByTestId('running-job');
    await panel.getByTestId('live-job').waitFor();
    await until(
      'the upload to be under way',
      async () =>
        (await panel.getByTestId('live-job').getAttribute('data-stage')) === 'upload' && /\d/.test((await panel.getByTestId('live-eta').textContent()) ?? ''),
      120_000,
    );
    await sleep(8000);
    await shoot(page, 'jobs-running');

    console.log('Waiting for the job to end (a minute or two)…');
    await until('the job to end', async () => ((await panel.textContent()) ?? '').includes('No job is running. The last one'), 300_000);
    // A delta update after it (nothing changed: it sends nothing), so the chart of jobs over time has two.
    // (Started through the API, again while the full update's follow-up, a reconciliation, still holds the engine.)
    const delta = await until('the delta update to start', async () => {
      const res = await page.request.post(new URL('api/jobs', url).href, { data: { mode: 'delta' } });
      return res.status() === 202 ? res.json() : undefined;
    });
    await until('the delta update to end', async () => Boolean((await api(`api/jobs/${delta.requestId}`)).endedAt), 180_000);
    const job = (await api('api/jobs')).items.find((j) => j.mode === 'full');
    await page.reload();
    await page.getByRole('button', { name: `Show details of job ${job.requestId}` }).click();
    await page.getByTestId('job-details').getByTestId('tasks-table').waitFor();
    // Tall enough for the running-job panel, the charts, the filters and the job's details.
    await page.setViewportSize({ width: VIEWPORT.width, height: 1500 });
    await page.evaluate(() => globalThis.scrollTo(0, 0));
    await shoot(page, 'jobs');
    await page.setViewportSize(VIEWPORT);

    // TASKS: the job's steps and the service's own.
    await page.getByTestId('tab-tasks').click();
    await page.getByTestId('tasks-table').waitFor();
    await shoot(page, 'tasks');

    // REPORTS: where an indicator stands, and the malformed indicators with one's raw contents open.
    await page.getByTestId('tab-reports').click();
    await page.getByTestId('errors-table').waitFor();
    const lookup = page.getByTestId('indicator-lookup');
    const errorRow = page.getByTestId('error-row').first();
    await errorRow.getByRole('button', { name: /^Show raw contents/ }).click();
    // A value the App sent: found by ThreatConnect id, the simulator's ids counting up from 1.
    let value;
    for (let id = 1; id <= 50 && !value; id++) value = (await api(`api/indicators?q=${id}`)).find((f) => f.state === 'active' && f.name)?.name;
    if (!value) throw new Error('found no sent indicator to look up');
    await lookup.getByLabel('Value, STIX ID or ThreatConnect ID').fill(value);
    await lookup.getByRole('button', { name: 'Look up' }).click();
    await lookup.getByTestId('lookup-row').first().waitFor();
    await page.evaluate(() => {
      globalThis.document.querySelector('[data-testid="indicator-lookup"]')?.scrollIntoView({ block: 'start' });
      globalThis.scrollBy(0, -16);
    });
    await shoot(page, 'reports');
  } finally {
    await browser?.close();
    await demo.stop();
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

main().then(
  () => console.log('Done.'),
  (err) => {
    console.error(err instanceof Error ? err.message : err);
    process.exitCode = 1;
  },
);
