import type { Page } from 'playwright-core';
import type { AppStack } from '../../../app/testing/start-app-stack';
import { saveScreenshot } from '../../helpers/browser';
import { eventually } from '../../helpers/eventually';
import { allOf, call, runJob, saveConfig, startStack } from '../../app/e2e/e2e-kit';
import { buildUiForTests } from '../ui-test-server';
import { startRealServiceSession, type RealServiceSession } from './ui-session';

// REPORTS' reconciliation panel in Chromium against the real service: what Sentinel holds type by type, drift found
// after objects were deleted and planted behind the App's back, the unknown one revoked after a confirmation naming
// the count, the missing re-sent by a delta; and "Re-send all" from Run now.
const SOURCE = 'ThreatConnect-Demo';
let session: RealServiceSession;
let stack: AppStack;
let off: AppStack | undefined;
let page: Page;
let pageErrors: string[] = [];

beforeAll(async () => {
  session = await startRealServiceSession('reconcile-browser', {
    tc: { indicatorCount: 400, seed: 29, duplicateShare: 0 },
    sentinel: { settings: { windowMs: 300 } },
    app: { limits: { windowMs: 300 }, management: { readsPerSecond: 500, writesPerSecond: 500 } },
    reconcile: true,
    access: 'none',
  });
  ({ stack, page, pageErrors } = session);
}, 60_000);
afterAll(async () => {
  await session?.close();
  await off?.close();
});

async function reconcileIdle(s: AppStack): Promise<void> {
  await eventually(async () => expect((await call<{ running: boolean }>(s, 'GET', 'api/reconcile')).json.running).toBe(false), { timeoutMs: 20_000 });
}

it('shows what Sentinel holds per type, then the drift; the unknown is revoked only after a confirmation, the missing re-sent', async () => {
  await saveConfig(stack, [allOf(stack)]);
  await runJob(stack, 'full');
  await reconcileIdle(stack);
  await page.goto(`${session.proxy.url}#/reports`);
  const panel = page.getByTestId('reconcile-panel');
  await eventually(async () => expect(await panel.getByTestId('reconcile-status').textContent()).toMatch(/^Last checked .*every object listed and compared/));
  expect(await panel.getByTestId('drift-counts').textContent()).toMatch(/^None: Sentinel holds every object as the App sent it/);
  const rows = panel.getByTestId('reconcile-per-type').locator('tbody tr');
  expect(await rows.count()).toBeGreaterThan(3);
  expect(await panel.locator('tr.differs').count()).toBe(0);

  // Behind the App's back: two objects deleted, one planted under its source.
  const objects = stack.sentinel.store.all(SOURCE).filter((o) => o.revoked !== true);
  for (const o of objects.slice(0, 2)) stack.sentinel.store.remove(String(o.id), SOURCE);
  const stranger = {
    ...objects[5]!,
    id: 'indicator--0a0a0a0a-1111-4222-8333-444455556666',
    pattern: "[domain-name:value = 'planted.example']",
    modified: new Date().toISOString(),
  };
  stack.sentinel.store.put(stranger, SOURCE);

  await panel.getByRole('button', { name: 'Reconcile now' }).click();
  await eventually(
    async () => expect(await panel.getByTestId('drift-counts').textContent()).toMatch(/^2 missing objects .*, 1 unknown object .*, 0 altered objects/),
    { timeoutMs: 20_000 },
  );
  await eventually(async () => expect(await panel.getByTestId('drift-table').locator('tbody tr').count()).toBe(3));
  expect(await panel.getByTestId('drift-table').textContent()).toContain(stranger.id);
  await saveScreenshot(page, 'reports-reconcile-drift');

  await panel.getByRole('button', { name: 'Revoke the 1 unknown…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Revoke 1 unknown objects?' });
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await dialog.waitFor({ state: 'detached' });
  expect(stack.sentinel.store.get(stranger.id, SOURCE)!.revoked).not.toBe(true);
  await panel.getByRole('button', { name: 'Revoke the 1 unknown…' }).click();
  await dialog.getByRole('button', { name: 'Revoke 1 objects' }).click();
  await eventually(async () => expect(await panel.getByTestId('reconcile-message').textContent()).toBe('1 object revoked in Sentinel.'));
  expect(stack.sentinel.store.get(stranger.id, SOURCE)!.revoked).toBe(true);

  // Where is a deleted one? REPORTS says it is missing and the next job sends it again.
  const lookup = page.getByTestId('indicator-lookup');
  await lookup.getByLabel('Value, STIX ID or ThreatConnect ID').fill(String(objects[0]!.id));
  await lookup.getByRole('button', { name: 'Look up' }).click();
  await eventually(async () => expect(await lookup.getByTestId('lookup-sentinel').first().textContent()).toBe('Missing: the next job sends it again'));
  await lookup.getByLabel('Value, STIX ID or ThreatConnect ID').fill('nothing-like-this.example');
  await lookup.getByRole('button', { name: 'Look up' }).click();
  await lookup.getByTestId('lookup-empty').waitFor();

  await panel.getByRole('button', { name: 'Re-send the 2 missing now' }).click();
  await eventually(async () =>
    expect(await panel.getByTestId('reconcile-message').textContent()).toMatch(/^Started delta job .*: it sends the missing objects again\.$/),
  );
  await eventually(async () => expect(stack.sentinel.store.get(String(objects[0]!.id), SOURCE)).toBeDefined(), { timeoutMs: 20_000 });
  await reconcileIdle(stack);
  await page.getByRole('button', { name: 'Refresh' }).click();
  await page.reload();
  await eventually(async () => expect(await page.getByTestId('drift-counts').textContent()).toMatch(/^None/), { timeoutMs: 20_000 });
}, 90_000);

it('Run now can force a full update that re-sends every object', async () => {
  const before = stack.sentinel.uploads().reduce((n, r) => n + (r.objects ?? 0), 0);
  await page.goto(`${session.proxy.url}#/jobs`);
  const runNow = page.getByTestId('run-now');
  await runNow.getByLabel('Update').selectOption('full');
  await runNow.getByLabel('Re-send all').check();
  await runNow.getByRole('button', { name: 'Run now' }).click();
  await eventually(async () => expect(await runNow.getByTestId('run-now-message').textContent()).toMatch(/^Started full job .*, re-sending every object\.$/));
  await reconcileIdle(stack);
  // Every object of the set: all the App's objects but the planted one it revoked.
  const theSet = stack.sentinel.store.all(SOURCE).filter((o) => o.revoked !== true).length;
  await eventually(async () => expect(stack.sentinel.uploads().reduce((n, r) => n + (r.objects ?? 0), 0) - before).toBe(theSet), { timeoutMs: 20_000 });
}, 60_000);

it('says what reconciliation gives when its parameters are not set', async () => {
  const { uiDir } = await buildUiForTests();
  off = await startStack('reconcile-off-browser', { tc: { indicatorCount: 20, seed: 30 }, app: { uiDir }, access: 'none' });
  const offPage = await session.browser.newPage();
  await offPage.goto(`${off.url}#/reports`);
  expect(await offPage.getByTestId('reconcile-off').textContent()).toMatch(
    /^Off\. Reconciliation checks what Sentinel really holds .*Azure Subscription ID, Azure Resource Group and Sentinel Workspace Name/,
  );
  await offPage.close();
  expect(pageErrors).toEqual([]);
}, 60_000);
