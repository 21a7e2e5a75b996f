import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import type { ConfigState, Job } from '../../../app/export/types';
import { simulatorInputs } from '../../../app/testing/start-app-stack';
import { startSentinelSimulator, type SentinelSimulator } from '../../../app/testing/sentinel-simulator';
import { startTcSimulator, type TcSimulator } from '../../../sdk/testing/tc-simulator';
import { TC_INDICATOR_TYPES } from '../../../sdk/threatconnect/types';
import { openBrowserPage, saveScreenshot } from '../../helpers/browser';
import { eventually } from '../../helpers/eventually';
import { spawnNode, type RunningCommand } from '../../helpers/spawn-node';

// The README's first command, as a new user meets it: `npm start` (scripts/start.mjs) builds if needed, starts the
// demo and prints the UI's URL; Chromium then walks it: the sample configuration, Run now to Upload Complete, the
// malformed indicators in REPORTS; Ctrl-C stops it all with exit code 0. Then `npm start -- --inputs <file>`
// runs the App for real against services named in the file.
const ROOT = path.resolve(__dirname, '../../..');
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'demo-test-'));
const commands: RunningCommand[] = [];
let browser: Browser;
let page: Page;
let pageErrors: string[] = [];

/** `npm start -- <args>` without npm in between (npm only adds its own output and signal handling). */
function npmStart(args: string[], env: NodeJS.ProcessEnv = process.env): RunningCommand {
  const command = spawnNode([path.join(ROOT, 'scripts/start.mjs'), ...args], { cwd: ROOT, env });
  commands.push(command);
  return command;
}

async function countsOf(panel: Locator): Promise<Record<string, number>> {
  return panel
    .locator('dd[data-count]')
    .evaluateAll((dds) => Object.fromEntries(dds.map((d) => [d.getAttribute('data-count'), Number((d.textContent ?? '').replace(/[^0-9]/g, ''))])));
}

beforeAll(async () => {
  ({ browser, page, pageErrors } = await openBrowserPage(15_000));
}, 30_000);
afterAll(async () => {
  await browser?.close();
  for (const command of commands) command.killGroup();
  await Promise.all(commands.map((c) => c.exited));
  fs.rmSync(scratch, { recursive: true, force: true });
});

describe('the demo (npm start)', () => {
  let demo: RunningCommand;
  let url = '';

  it('starts, prints the UI’s URL and says what it runs and what to try', async () => {
    demo = npmStart(['--port', '0', '--work-dir', path.join(scratch, 'demo')]);
    url = (await demo.waitForOutput(/Open the UI:\s+(http:\/\/\S+)/, 60_000))[1]!;
    await demo.waitForOutput(/Ctrl-C stops everything/);
    expect(demo.output()).toMatch(/3,000 indicators of all nine types in Demo Organization, Common Community, Financial Sector ISAC/);
    expect(demo.output()).toMatch(/8 malformed indicators/);
    expect(demo.output()).toMatch(/reconciliation is on/);
    expect(demo.output()).toMatch(/CONFIGURE shows two sample query configurations/);
  }, 90_000);

  it('shows the sample configuration on CONFIGURE', async () => {
    await page.goto(url);
    await page.getByTestId('query-row').first().waitFor();
    expect(await page.getByTestId('query-row').count()).toBe(2);
    await eventually(async () => expect(await page.getByTestId('query-row').nth(1).textContent()).toContain('rating >= 0'));
    await saveScreenshot(page, 'demo-configure');
  });

  it('runs a job to Upload Complete with Run now', async () => {
    await page.getByRole('link', { name: 'JOBS' }).click();
    // The demo saved its sample configuration for a full update: Run now offers the next run's mode.
    await eventually(async () => expect(await page.getByLabel('Update').inputValue()).toBe('full'));
    await page.getByRole('button', { name: 'Run now', exact: true }).click();
    const message = page.getByTestId('run-now-message');
    await eventually(async () => expect(await message.textContent()).toMatch(/^Started full job [0-9a-f-]{36}\.$/));
    const requestId = /job (\S+)\.$/.exec((await message.textContent()) ?? '')![1]!;
    const panel = page.getByTestId('running-job');
    await eventually(
      async () => {
        const text = (await panel.textContent()) ?? '';
        expect(text).toContain(requestId);
        expect(text).toContain('ended Upload Complete');
      },
      { timeoutMs: 60_000 },
    );
    // The first full update sends everything; 8 indicators cannot be converted.
    const counts = await countsOf(panel);
    expect(counts.uploaded).toBeGreaterThan(2500);
    expect(counts.convertErrors).toBe(8);
    await saveScreenshot(page, 'demo-jobs');
  }, 90_000);

  it('lists the malformed indicators in REPORTS', async () => {
    await page.getByRole('link', { name: 'REPORTS' }).click();
    await page.getByTestId('errors-table').waitFor();
    // Reconciliation is on in the demo: after the job, Sentinel was listed and agrees with the ledger.
    await eventually(async () => expect(await page.getByTestId('reconcile-status').textContent()).toMatch(/^Last checked .*every object listed and compared/), {
      timeoutMs: 20_000,
    });
    expect(await page.getByTestId('drift-counts').textContent()).toMatch(/^None: Sentinel holds every object as the App sent it/);
    await page.getByRole('group', { name: /^Step/ }).getByLabel('convert').check();
    await page
      .getByTestId('pager')
      .getByText(/· 8 errors$/)
      .waitFor();
    await page.getByTestId('error-row').first().getByRole('button', { name: 'Show raw contents of error 1', exact: true }).click();
    const raw = JSON.parse((await page.getByTestId('raw').textContent()) ?? '{}') as { id?: number; type?: string };
    expect(typeof raw.id).toBe('number');
    await saveScreenshot(page, 'demo-reports');
    expect(pageErrors).toEqual([]);
  });

  it('stops everything on Ctrl-C and exits 0', async () => {
    demo.signalGroup('SIGINT');
    expect(await demo.exited).toBe(0);
    await eventually(async () => expect(demo.groupAlive()).toBe(false));
    expect(demo.output()).toMatch(/Stopping…/);
  }, 30_000);

  it('keeps its configuration for the next run, and says so', async () => {
    const again = npmStart(['--port', '0', '--work-dir', path.join(scratch, 'demo')]);
    const nextUrl = (await again.waitForOutput(/Open the UI:\s+(http:\/\/\S+)/))[1]!;
    await again.waitForOutput(/Ctrl-C stops everything/);
    expect(again.output()).toMatch(/kept from an earlier run/);
    expect(new URL(nextUrl).searchParams.get('access_token')).toMatch(/^[A-Za-z0-9_-]{32}$/); // a new token each run
    expect(await (await fetch(new URL('api/config', nextUrl.split('?')[0]))).json()).toMatchObject({ error: 'Access token required' });
    const bearer = { authorization: `Bearer ${new URL(nextUrl).searchParams.get('access_token')}` };
    const config = (await (await fetch(new URL('api/config', nextUrl.split('?')[0]), { headers: bearer })).json()) as ConfigState;
    expect(config.revision).toBe(1);
    again.signalGroup('SIGTERM');
    expect(await again.exited).toBe(0);
  }, 60_000);
});

describe('npm start -- --inputs <file>', () => {
  let tc: TcSimulator;
  let sentinel: SentinelSimulator;

  beforeAll(async () => {
    [tc, sentinel] = await Promise.all([startTcSimulator({ indicatorCount: 120, seed: 5 }), startSentinelSimulator()]);
  });
  afterAll(() => Promise.all([tc?.close(), sentinel?.close()]));

  it('runs the App for real with the inputs from the file, until Ctrl-C', async () => {
    const inputs = path.join(scratch, 'inputs.json');
    fs.writeFileSync(inputs, JSON.stringify(simulatorInputs(tc, sentinel, path.join(scratch, 'real'))));
    fs.writeFileSync(path.join(scratch, 'ca.pem'), sentinel.ca);
    const app = npmStart(['--inputs', inputs, '--port', '0'], { ...process.env, NODE_EXTRA_CA_CERTS: path.join(scratch, 'ca.pem') });
    const url = (await app.waitForOutput(/The App is serving at (http:\/\/\S+);/))[1]!;
    expect(app.output()).not.toMatch(/simulator/);
    const api = async <T>(route: string, init?: RequestInit): Promise<T> => {
      const token = new URL(url).searchParams.get('access_token');
      const res = await fetch(new URL(route, url.split('?')[0]), {
        ...init,
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      });
      expect(res.status).toBeLessThan(300);
      return (await res.json()) as T;
    };
    expect((await api<ConfigState>('api/config')).revision).toBe(0); // no sample configuration when run for real
    const owners = (await api<Array<{ name: string }>>('api/owners')).map((o) => o.name);
    expect(owners).toEqual(tc.owners.map((o) => o.name));
    const queries = [{ owners, indicatorTypes: TC_INDICATOR_TYPES, tql: 'rating >= 0', sortField: 'dateAdded', sortDirection: 'asc' }];
    await api('api/config', { method: 'PUT', body: JSON.stringify({ queries, nextUpdate: 'full' }) });
    const { requestId } = await api<{ requestId: string }>('api/jobs', { method: 'POST', body: JSON.stringify({ mode: 'full' }) });
    await eventually(async () => expect((await api<Job>(`api/jobs/${requestId}`)).status).toBe('Upload Complete'), { timeoutMs: 30_000 });
    expect(sentinel.store.size).toBeGreaterThan(100);
    app.signalGroup('SIGINT');
    expect(await app.exited).toBe(0);
  }, 60_000);
});
