import type { Locator, Page } from 'playwright-core';
import { eventually } from '../../helpers/eventually';
import { saveScreenshot } from '../../helpers/browser';
import { fillQuery } from './query-form';
import { startUiSession, type UiSession } from './ui-session';

// CONFIGURE in a real browser: add two configurations, preview, reorder, the unsaved-changes guard, save with
// a full update, server problems next to their field, edit and delete, Cancel discarding edits, keyboard use.
let s: UiSession;
let page: Page;

beforeAll(async () => {
  s = await startUiSession();
  page = s.page;
});
afterAll(() => s?.close());

const dialog = (name: string) => page.getByRole('dialog', { name });
const rows = () => page.getByTestId('query-row');
const button = (name: string, within: Page | Locator = page) => within.getByRole('button', { name, exact: true });
const inDialog = () => page.evaluate(() => document.activeElement?.closest('dialog') !== null);
const tqlColumn = () => rows().evaluateAll((trs) => trs.map((tr) => tr.querySelector('td.code')?.firstChild?.textContent));

describe('CONFIGURE', () => {
  it('opens behind TC’s prefix without a trailing slash, with every URL relative', async () => {
    const requests: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    await page.goto(s.target.bareUrl);
    await page.getByTestId('empty').waitFor();
    expect(page.url()).toBe(s.target.url);
    expect(requests[0]).toBe(s.target.bareUrl);
    expect(requests.slice(1).filter((u) => !u.startsWith(s.target.url))).toEqual([]);
    await expect(page.getByRole('link', { name: 'CONFIGURE' }).getAttribute('aria-current')).resolves.toBe('page');
    await saveScreenshot(page, 'configure-empty');
  });

  it('opens the Add window with focus inside, traps Tab there, and closes on Esc with focus back on Add', async () => {
    await button('Edit').click();
    await button('Add').click();
    const form = dialog('Add TQL Configuration');
    await form.getByLabel('ABC-Owner').waitFor();
    expect(await inDialog()).toBe(true);
    for (let i = 0; i < 25; i += 1) await page.keyboard.press('Tab');
    expect(await inDialog()).toBe(true);
    await page.keyboard.press('Shift+Tab');
    expect(await inDialog()).toBe(true);
    await page.keyboard.press('Escape');
    await form.waitFor({ state: 'detached' });
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Add');
  });

  it('says what is missing next to each field, previews the STIX, and adds the first configuration', async () => {
    await button('Add').click();
    const form = dialog('Add TQL Configuration');
    await button('Submit', form).click();
    expect(await form.getByTestId('field-errors').allTextContents()).toEqual([
      'Choose at least one owner',
      'Choose at least one indicator type',
      'Enter a TQL query',
    ]);
    await fillQuery(form, { owners: ['ABC-Owner'], types: ['Address', 'Host'], tql: 'rating >= 3' });
    await eventually(async () => expect(await form.getByTestId('field-errors').count()).toBe(0));
    await button('Preview', form).click();
    await eventually(async () =>
      expect(await form.getByTestId('preview-count').textContent()).toMatch(/^3 indicators match this query \(in the sample of 3: /),
    );
    expect(await form.getByTestId('preview-table').locator('thead th').allTextContents()).toEqual([
      'Value',
      'Type',
      'Owner',
      'Confidence',
      'Tags',
      'Valid until',
    ]);
    expect(await form.getByTestId('preview-table').locator('tbody th').allTextContents()).toContain('198.51.100.7');
    await form.getByLabel('STIX', { exact: true }).check();
    const sample = await form.getByLabel('Sample STIX objects').textContent();
    expect(sample).toContain("[ipv4-addr:value = '198.51.100.7']");
    await eventually(async () => expect(await form.getByTestId('preview').textContent()).toContain('999.1.1.1 cannot be converted'));
    await saveScreenshot(page, 'configure-add-window');
    await button('Submit', form).click();
    await form.waitFor({ state: 'detached' });
    expect(await rows().count()).toBe(1);
  });

  it('adds a second configuration and moves it above the first', async () => {
    await button('Add').click();
    const form = dialog('Add TQL Configuration');
    await fillQuery(form, {
      owners: ['Common Community', 'Phish Source'],
      types: ['Host', 'URL'],
      tql: 'confidence > 50',
      sortField: 'lastModified',
      direction: 'desc',
    });
    await button('Submit', form).click();
    await form.waitFor({ state: 'detached' });
    expect(await tqlColumn()).toEqual(['rating >= 3', 'confidence > 50']);
    await expect(button('Move configuration 1 up').isDisabled()).resolves.toBe(true);
    await button('Move configuration 2 up').click();
    expect(await tqlColumn()).toEqual(['confidence > 50', 'rating >= 3']);
    await eventually(async () => expect(await rows().first().textContent()).toContain('Common Community, Phish Source'));
  });

  it('asks before leaving with unsaved edits, and staying keeps them', async () => {
    await page.getByRole('link', { name: 'JOBS' }).click();
    const leave = dialog('Unsaved changes');
    await leave.waitFor();
    await button('Stay and keep editing', leave).click();
    expect(page.url()).not.toContain('#/jobs');
    expect(await tqlColumn()).toEqual(['confidence > 50', 'rating >= 3']);
  });

  it('saves with a full update: the list in its order, the next update marked full', async () => {
    await button('Save').click();
    const save = dialog('Save Changes');
    await button('Save and Run Full Update', save).click();
    await save.waitFor({ state: 'detached' });
    await eventually(async () => expect(await page.getByTestId('notice').textContent()).toBe('Saved. The next scheduled update will be a full update.'));
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('main');
    expect(s.target.fake.config.nextUpdate).toBe('full');
    expect(s.target.fake.config.queries.map((q) => q.tql)).toEqual(['confidence > 50', 'rating >= 3']);
    expect(s.target.fake.config.queries[0]).toMatchObject({ owners: ['Common Community', 'Phish Source'], sortField: 'lastModified', sortDirection: 'desc' });
    await saveScreenshot(page, 'configure-saved');
  });

  it('refuses at Submit a TQL that ThreatConnect rejects, with the reason next to the TQL', async () => {
    await button('Edit').click();
    await button('Edit configuration 2').click();
    const form = dialog('Edit TQL Configuration');
    const tql = form.getByLabel('TQL');
    await tql.fill('bogusRating > 3');
    await button('Submit', form).click();
    await eventually(async () => expect(await form.getByTestId('preview-error').textContent()).toBe('Not submitted: The query configuration is not valid'));
    await expect(tql.getAttribute('aria-invalid')).resolves.toBe('true');
    expect(await page.locator(`[id="${await tql.getAttribute('aria-describedby')}"]`).textContent()).toBe(
      "ThreatConnect rejected the TQL: unknown parameter 'bogusRating'",
    );
    await eventually(async () => expect(await page.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset.testid)).toBe('tql'));
    await button('Cancel', form).click();
    expect(await tqlColumn()).toEqual(['confidence > 50', 'rating >= 3']);
  });

  it('shows the server’s problems next to the field they concern, in the table and in the Edit window', async () => {
    await button('Edit configuration 2').click();
    const form = dialog('Edit TQL Configuration');
    await form.getByLabel('TQL').fill('bogusRating > 3');
    // What ThreatConnect accepted at Submit it may refuse at Save (it changed meanwhile): the check at Submit passes here.
    await page.route('**/api/preview', (route) =>
      route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify({ count: 0, sample: [], errors: [] }) }),
    );
    await button('Submit', form).click();
    await form.waitFor({ state: 'detached' });
    await page.unroute('**/api/preview');
    await button('Save').click();
    await button('Save and Run Delta Update', dialog('Save Changes')).click();
    await eventually(async () => expect(await page.getByTestId('save-problems').textContent()).toMatch(/^Not saved: the configuration has 1 problem\./));
    await eventually(async () =>
      expect(await rows().nth(1).getByTestId('cell-error').textContent()).toBe("ThreatConnect rejected the TQL: unknown parameter 'bogusRating'"),
    );
    await button('Edit configuration 2').click();
    const again = dialog('Edit TQL Configuration');
    const tql = again.getByLabel('TQL');
    await expect(tql.getAttribute('aria-invalid')).resolves.toBe('true');
    const describedBy = await tql.getAttribute('aria-describedby');
    await eventually(async () =>
      expect(await page.locator(`[id="${describedBy}"]`).textContent()).toBe("ThreatConnect rejected the TQL: unknown parameter 'bogusRating'"),
    );
    await saveScreenshot(page, 'configure-problems');
    await tql.fill('rating > 3');
    await expect(tql.getAttribute('aria-invalid')).resolves.toBeNull();
    await button('Cancel', again).click();
  });

  it('Cancel at the top discards the edits', async () => {
    await page.getByTestId('cancel-edit').click();
    expect(await tqlColumn()).toEqual(['confidence > 50', 'rating >= 3']);
    await eventually(async () => expect(await page.getByTestId('save-problems').count()).toBe(0));
    expect(s.target.fake.config.revision).toBe(1);
  });

  it('edits one configuration and deletes the other', async () => {
    await button('Edit').click();
    await button('Edit configuration 2').click();
    const form = dialog('Edit TQL Configuration');
    await form.getByLabel('TQL').fill('rating >= 4');
    await form
      .getByRole('group', { name: /Indicator Types/ })
      .getByLabel('Host', { exact: true })
      .uncheck();
    await button('Submit', form).click();
    await button('Delete configuration 1').click();
    await button('Save').click();
    await button('Save and Run Delta Update', dialog('Save Changes')).click();
    await page.getByTestId('edit').waitFor();
    expect(s.target.fake.config).toMatchObject({
      revision: 2,
      nextUpdate: 'delta',
      queries: [{ owners: ['ABC-Owner'], indicatorTypes: ['Address'], tql: 'rating >= 4' }],
    });
  });

  it('refuses to overwrite what someone else saved meanwhile, and offers to reload it', async () => {
    await button('Edit').click();
    await button('Delete configuration 1').click();
    // Another admin saves from elsewhere while these edits are open.
    s.target.fake.config = {
      ...s.target.fake.config,
      queries: [...s.target.fake.config.queries, { ...s.target.fake.config.queries[0]!, tql: 'rating >= 1' }],
      revision: 3,
    };
    await button('Save').click();
    await button('Save and Run Full Update', dialog('Save Changes')).click();
    const conflict = page.getByTestId('save-conflict');
    await eventually(async () =>
      expect(await conflict.textContent()).toMatch(
        /^Not saved: The configuration was saved by someone else meanwhile \(revision 3; these edits started from revision 2\)/,
      ),
    );
    await expect(conflict.getAttribute('role')).resolves.toBe('alert');
    expect(s.target.fake.config.revision).toBe(3); // theirs stands
    await saveScreenshot(page, 'configure-conflict');
    await button('Reload the saved configuration', conflict).click();
    await page.getByTestId('edit').waitFor();
    await eventually(async () => expect(await tqlColumn()).toEqual(['rating >= 4', 'rating >= 1']));
    await expect(conflict.count()).resolves.toBe(0);
  });

  it('guards against closing the page with unsaved edits', async () => {
    await button('Edit').click();
    await button('Delete configuration 1').click();
    const asked = new Promise<string>((resolve) => page.once('dialog', (d) => void d.dismiss().then(() => resolve(d.type()))));
    await page.close({ runBeforeUnload: true });
    expect(await asked).toBe('beforeunload');
    expect(s.pageErrors).toEqual([]);
  });
});
