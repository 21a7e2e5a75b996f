import { listOwners } from '../../../sdk/threatconnect';
import { startHarness, type SimHarness } from './helpers';

let h: SimHarness;
beforeAll(async () => {
  h = await startHarness({ indicatorCount: 1, owners: [{ id: 7, name: 'ABC-Owner', type: 'Organization' }, { id: 9, name: 'Feed "X"', type: 'Source' }] });
});
afterAll(() => h.close());

it('lists the owners the credentials can see', async () => {
  await expect(listOwners(h.tc)).resolves.toEqual([
    { id: 7, name: 'ABC-Owner', type: 'Organization' },
    { id: 9, name: 'Feed "X"', type: 'Source' },
  ]);
  expect(h.requestsTo('/v3/security/owners')).toHaveLength(1);
});
