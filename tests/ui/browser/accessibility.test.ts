import fs from 'node:fs';
import type { Page } from 'playwright-core';
import type { AppStack } from '../../../app/testing/start-app-stack';
import { allOf, call, runJob, saveConfig, waitForJob, whenEngineFree } from '../../app/e2e/e2e-kit';
import { saveScreenshot } from '../../helpers/browser';
import { eventually } from '../../helpers/eventually';
import { addMalformedAddress } from './query-form';
import { startRealServiceSession, type RealServiceSession } from './ui-session';

// axe-core on every screen of the real service against the simulators, once a job has run (so the tables, charts
// and reports have content), at a desktop width (1,280 px) and a phone's (390 px): CONFIGURE (also with the Add/Edit
// window open and its preview shown), JOBS (with a job running and a row's details open), TASKS, and REPORTS (with
// an error's raw contents open and the indicator lookup showing a result). No violation may be serious or critical,
// and at 390 px the page must not scroll sideways. Sentinel's limits are scaled to 2 requests a second so a full
// update of ~2,000 objects runs about 10 s: long enough to audit JOBS while it runs.
const AXE_SOURCE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const WIDTHS = [
  { width: 1280, height: 900 },
  { width: 390, height: 844 },
] as const;

let session: RealServiceSession;
let stack: AppStack;
let page: Page;
let pageErrors: string[] = [];

beforeAll(async () => {
  session = await startRealServiceSession('a11y', {
    tc: { indicatorCount: 2000, seed: 23, duplicateShare: 0 },
    sentinel: { settings: { maxRequests: 2, windowMs: 1000 } },
    app: { limits: { maxRequestsPerWindow: 2, windowMs: 1000 } },
    access: 'none',
    reconcile: true,
  });
  ({ stack, page, pageErrors } = session);
  // One malformed indicator, so REPORTS has a conversion error with raw contents.
  addMalformedAddress(stack);
  await saveConfig(stack, [allOf(stack)]);
  const job = await runJob(stack, 'full', 60_000);
  if (job.status !== 'Upload Complete') throw new Error(`the first job ended ${job.status}: ${job.error ?? ''}`);
}, 90_000);
afterAll(() => session?.close());

interface AxeNode {
  target: unknown[];
  html: string;
  failureSummary?: string;
}
interface AxeViolation {
  id: string;
  impact?: string | null;
  help: string;
  nodes: AxeNode[];
}

/** Runs axe-core on the whole page as it is now (the page's CSP allows no added script tags: it is evaluated). */
async function axeViolations(p: Page): Promise<AxeViolation[]> {
  if (!(await p.evaluate(() => 'axe' in window))) await p.evaluate(AXE_SOURCE);
  return p.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(context: Document, options: object): Promise<{ violations: AxeViolation[] }> } }).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => ({ target: n.target, html: n.html.slice(0, 160), failureSummary: n.failureSummary })),
    }));
  });
}

function describeViolations(where: string, violations: AxeViolation[]): string {
  return violations
    .map((v) =>
      [
        `${where}: [${v.impact ?? 'unknown'}] ${v.id}: ${v.help}`,
        ...v.nodes.map((n) => `    ${JSON.stringify(n.target)} ${n.html}\n      ${(n.failureSummary ?? '').replace(/\n/g, '\n      ')}`),
      ].join('\n'),
    )
    .join('\n');
}

/** Every violation seen, by screen and width, kept for the summary printed at the end. */
const seen: string[] = [];

/**
 * Audits the page at each width: no serious or critical violation (the failure lists every violation, minor ones
 * too) and, at 390 px, no sideways scroll. `ready` runs after each resize, before the audit.
 */
async function audit(name: string, ready: () => Promise<void> = async () => {}): Promise<void> {
  const failures: string[] = [];
  for (const size of WIDTHS) {
    await page.setViewportSize(size);
    await ready();
    // Let layout, charts (which size themselves to their box) and live regions settle.
    await page.waitForTimeout(300);
    const where = `${name} at ${size.width} px`;
    const violations = await axeViolations(page);
    if (violations.length > 0) seen.push(describeViolations(where, violations));
    if (violations.some((v) => v.impact === 'serious' || v.impact === 'critical')) failures.push(describeViolations(where, violations));
    if (size.width < 500) {
      const overflow = await page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, innerWidth, wide: widestElements() }));
      if (overflow.scrollWidth > overflow.innerWidth) {
        failures.push(
          `${where}: the page scrolls sideways (scrollWidth ${overflow.scrollWidth} > innerWidth ${overflow.innerWidth}); widest: ${overflow.wide.join(', ')}`,
        );
      }
    }
    await saveScreenshot(page, `a11y-${name.replace(/\W+/g, '-').toLowerCase()}-${size.width}`);
  }
  await page.setViewportSize(WIDTHS[0]);
  if (failures.length > 0) throw new Error(`Accessibility failures:\n${failures.join('\n')}`);
}

/** In the page: the elements that reach furthest right past the viewport, to tell what makes it scroll. */
declare function widestElements(): string[];
async function defineWidestElements(p: Page): Promise<void> {
  await p.evaluate(() => {
    // Those past the right edge whose box no ancestor clips (an ancestor that scrolls or hides its overflow).
    const clipped = (el: Element) => {
      for (let up = el.parentElement; up && up !== document.body; up = up.parentElement) if (getComputedStyle(up).overflowX !== 'visible') return true;
      return false;
    };
    (window as unknown as { widestElements(): string[] }).widestElements = () =>
      [...document.querySelectorAll<HTMLElement>('body *')]
        .map((el) => ({ el, right: el.getBoundingClientRect().right }))
        .filter(({ el, right }) => right > innerWidth && !clipped(el))
        .sort((a, b) => b.right - a.right)
        .slice(0, 5)
        .map(
          ({ el, right }) =>
            `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${el.className && typeof el.className === 'string' ? `.${el.className.trim().replace(/\s+/g, '.')}` : ''} (right ${Math.round(right)})`,
        );
  });
}

async function open(screen: 'configure' | 'jobs' | 'tasks' | 'reports'): Promise<void> {
  await page.goto(`${session.proxy.url}#/${screen}`);
  await page.locator('main').waitFor();
  await defineWidestElements(page);
}

const button = (name: string | RegExp) => page.getByRole('button', { name, exact: typeof name === 'string' });

afterAll(() => {
  if (seen.length > 0) console.log(`axe-core violations seen (any impact):\n${seen.join('\n')}`);
});

describe('axe-core finds no serious or critical violation, at 1,280 and 390 px', () => {
  it('CONFIGURE: the table, the Add/Edit window, and its preview', async () => {
    await open('configure');
    await page.getByTestId('query-row').first().waitFor();
    await audit('CONFIGURE');

    await button('Edit').click();
    await button('Edit configuration 1').click();
    const form = page.getByRole('dialog', { name: 'Edit TQL Configuration' });
    await form.waitFor();
    await audit('CONFIGURE, Edit window');

    await form.getByRole('button', { name: 'Preview', exact: true }).click();
    await eventually(async () => expect(await form.getByTestId('preview-count').textContent()).toMatch(/^[\d,]+ indicators? match/));
    await audit('CONFIGURE, Edit window with the preview');

    await form.getByRole('button', { name: 'Close', exact: true }).click();
    await form.waitFor({ state: 'detached' });
    await page.getByTestId('cancel-edit').click();
  }, 60_000);

  it('JOBS: a job running, and a finished one’s details open', async () => {
    const [first] = (await call<{ items: Array<{ requestId: string }> }>(stack, 'GET', 'api/jobs')).json.items;
    // Every object again, so the job runs long enough to audit at both widths. JOBS is opened after it starts:
    // an idle page asks whether a job runs only every few seconds.
    const started = await whenEngineFree(() => call<{ requestId: string }>(stack, 'POST', 'api/jobs', { mode: 'full', resendAll: true }));
    expect(started.status).toBe(202);
    await open('jobs');
    const panel = page.getByTestId('running-job');
    await panel.getByTestId('live-job').waitFor();
    const firstId = first!.requestId;
    await button(`Show details of job ${firstId}`).click();
    await page.getByTestId('job-details').getByTestId('tasks-table').waitFor();
    await audit('JOBS, job running, details open', async () => {
      if ((await panel.getByTestId('live-job').count()) === 0) throw new Error('the job ended before JOBS was audited: slow Sentinel down further');
    });

    const ended = await waitForJob(stack, started.json.requestId, 60_000);
    expect(ended.status).toBe('Upload Complete');
    await eventually(async () => expect(await panel.textContent()).toContain('ended Upload Complete'));
    await audit('JOBS, after the job');
  }, 90_000);

  it('TASKS', async () => {
    await open('tasks');
    await page.getByTestId('tasks-table').waitFor();
    await audit('TASKS');
  }, 60_000);

  it('REPORTS: an error’s raw contents open, and the indicator lookup showing a result', async () => {
    await open('reports');
    await page.getByTestId('errors-table').waitFor();
    const row = page.getByTestId('error-row').filter({ hasText: '999.1.1.1' }).first();
    await row.getByRole('button', { name: /^Show raw contents/ }).click();
    await page.getByTestId('raw').first().waitFor();

    const sent = stack.sentinel.store.all()[0]!;
    const lookup = page.getByTestId('indicator-lookup');
    await lookup.getByLabel('Value, STIX ID or ThreatConnect ID').fill(String(sent.id));
    await lookup.getByRole('button', { name: 'Look up' }).click();
    await lookup.getByTestId('lookup-row').first().waitFor();
    await audit('REPORTS, raw contents and a lookup result');
    expect(pageErrors).toEqual([]);
  }, 60_000);
});
