import { listOwners } from '../../../sdk/threatconnect';
import { startHarness, type SimHarness } from './helpers';

let h: SimHarness;
beforeAll(async () => {
  h = await startHarness({
    indicatorCount: 1,
    owners: [
      { id: 7, name: 'ABC-Owner', type: 'Organization' },
      { id: 9, name: 'Feed "X"', type: 'Source' },
    ],
  });
});
afterAll(() => h.close());

it('lists the owners the credentials can see', async () => {
  await expect(listOwners(h.tc)).resolves.toEqual([
    { id: 7, name: 'ABC-Owner', type: 'Organization' },
    { id: 9, name: 'Feed "X"', type: 'Source' },
  ]);
  expect(h.requestsTo('/v3/security/owners')).toHaveLength(1);
});

describe('more owners than a page holds', () => {
  let many: SimHarness;
  const owners = Array.from({ length: 230 }, (_, i) => ({ id: i + 1, name: `Owner ${i + 1}`, type: 'Source' as const }));
  beforeAll(async () => {
    many = await startHarness({ indicatorCount: 1, owners });
  });
  afterAll(() => many.close());

  it('follows next through every page (the list pages at 100 by default)', async () => {
    const direct = await many.tc.get<{ data: unknown[]; next?: string }>('/v3/security/owners');
    expect(direct.data).toHaveLength(100);
    expect(direct.next).toMatch(/resultStart=100/);
    await expect(listOwners(many.tc)).resolves.toEqual(owners);
  });
});
