import { createApiClient } from '../../../ui/api/api-client';
import { createConfigureStore, type ConfigureStore } from '../../../ui/stores/configure-store';
import { GOOD_QUERY } from '../../app/routes/route-cases';
import { startFakeUiTarget, type FakeUiTarget } from '../ui-test-server';

describe('createConfigureStore', () => {
  let target: FakeUiTarget;
  let configure: ConfigureStore;
  const state = () => configure.store.get();
  const second = { ...GOOD_QUERY, owners: ['Phish Source'], tql: 'summary contains "phish"' };

  beforeAll(async () => {
    target = await startFakeUiTarget();
  });
  afterAll(() => target.close());
  beforeEach(async () => {
    target.fake.config = { queries: [GOOD_QUERY], nextUpdate: 'delta', revision: 3 };
    configure = createConfigureStore(createApiClient((url, init) => fetch(new URL(url, target.url), init)));
    await configure.load();
  });

  it('loads the saved list', () => {
    expect(state()).toMatchObject({ status: 'ready', editing: false, saved: { revision: 3 }, rows: [{ query: GOOD_QUERY }] });
    expect(configure.dirty()).toBe(false);
  });

  it('edits a draft and saves it with the next update mode', async () => {
    configure.startEdit();
    configure.put(undefined, second);
    configure.move(1, -1);
    expect(configure.dirty()).toBe(true);
    expect(await configure.save('full')).toBe('saved');
    expect(state()).toMatchObject({
      editing: false,
      notice: 'Saved. The next scheduled update will be a full update.',
      saved: { revision: 4, nextUpdate: 'full' },
    });
    expect(target.fake.config.queries).toEqual([second, GOOD_QUERY]);
    expect(configure.dirty()).toBe(false);
  });

  it('does not overwrite what someone else saved meanwhile: 409, the draft kept, and Reload shows theirs', async () => {
    configure.startEdit();
    configure.put(undefined, second);
    // Another admin saves from their own screen.
    const other = createConfigureStore(createApiClient((url, init) => fetch(new URL(url, target.url), init)));
    await other.load();
    other.startEdit();
    other.remove(other.store.get().rows[0]!.key);
    expect(await other.save('full')).toBe('saved');
    expect(target.fake.config.revision).toBe(4);

    expect(await configure.save('delta')).toBe('conflict');
    expect(state()).toMatchObject({
      editing: true,
      conflict: expect.stringMatching(/^The configuration was saved by someone else meanwhile \(revision 4; these edits started from revision 3\)/),
    });
    expect(state().rows.map((r) => r.query)).toEqual([GOOD_QUERY, second]);
    expect(target.fake.config).toMatchObject({ queries: [], revision: 4 });

    await configure.reload();
    expect(state()).toMatchObject({ status: 'ready', editing: false, conflict: undefined, saved: { revision: 4, queries: [] }, rows: [] });
  });

  it('keeps the draft and marks the rows when the server refuses it', async () => {
    configure.startEdit();
    configure.put(undefined, { ...second, tql: 'bogus > 1' });
    configure.put(state().rows[0]?.key, { ...GOOD_QUERY, owners: ['Nobody'] });
    expect(await configure.save('delta')).toBe('invalid');
    expect(state()).toMatchObject({ editing: true, problemCount: 2, general: [] });
    expect(state().rows.map((r) => r.problems)).toEqual([
      { owners: ['Owner "Nobody" is not visible to the API user'] },
      { tql: ["ThreatConnect rejected the TQL: unknown parameter 'bogus'"] },
    ]);
    expect(target.fake.config.revision).toBe(3);
  });

  it('discards edits', () => {
    configure.startEdit();
    configure.remove(state().rows[0]?.key ?? -1);
    expect(configure.dirty()).toBe(true);
    configure.discard();
    expect(state()).toMatchObject({ editing: false, rows: [{ query: GOOD_QUERY }] });
    expect(configure.dirty()).toBe(false);
  });

  it('lets other failures through to the caller, and shows load failures', async () => {
    configure.startEdit();
    target.fake.failWith.checkConfig = new Error('ECONNRESET');
    await expect(configure.save('full')).rejects.toMatchObject({ status: 502 });
    target.fake.failWith.getConfig = new Error('disk');
    await configure.load();
    expect(state()).toMatchObject({ status: 'error', loadError: 'Internal server error' });
  });
});
