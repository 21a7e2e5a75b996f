import type { TcQueryParams } from '../../../../sdk/threatconnect';
import { startHarness, type SimHarness } from '../../threatconnect/helpers';

// A simulator that renders its indicators at start serves exactly the bytes of one that renders them per request,
// for every field set, after changes, additions and deletions too.
describe('TC simulator prerender', () => {
  let plain: SimHarness;
  let prerendered: SimHarness;
  const both = () => [plain, prerendered];

  beforeAll(async () => {
    // One clock for both: the changes below are stamped alike however long apart they are made.
    const now = () => Date.parse('2026-06-01T12:00:00Z');
    plain = await startHarness({ indicatorCount: 300, seed: 7, malformedCount: 3, now });
    prerendered = await startHarness({ indicatorCount: 300, seed: 7, malformedCount: 3, prerender: true, now });
  });
  afterAll(async () => {
    await plain.close();
    await prerendered.close();
  });

  // The two simulators differ only in their port, which the paging links carry.
  const page = (h: SimHarness, params: TcQueryParams) =>
    h.tc.getBody('/v3/indicators', { params }).then((b) => b.toString('utf8').replaceAll(new URL(h.sim.apiPath).host, 'simulator'));
  const ALL = ['tags', 'attributes', 'associatedGroups', 'securityLabels', 'threatAssess'];

  it.each([
    ['all collections', { fields: ALL, resultLimit: 120 }],
    ['all collections, second page, counted', { fields: ALL, resultStart: 120, resultLimit: 120, count: true }],
    ['some collections', { fields: ['tags', 'attributes'], resultLimit: 50 }],
    ['no collections, TQL and sorting', { tql: 'rating >= 2', sorting: 'dateAdded DESC', resultLimit: 80 }],
  ])('serves the same page: %s', async (_name, params) => {
    const [a, b] = await Promise.all(both().map((h) => page(h, params)));
    expect(JSON.parse(a!)).toMatchObject({ status: 'Success' });
    expect(JSON.parse(a!).data.length).toBeGreaterThan(0);
    expect(b === a).toBe(true);
  });

  it('serves changed, added and deleted indicators as they now are', async () => {
    for (const h of both()) {
      h.sim.updateIndicator(5, { rating: 1, confidence: 77 });
      h.sim.deleteIndicator(6);
      h.sim.addIndicator({ type: 'Host', hostName: 'added.example.com' });
    }
    const params = { fields: ALL, resultLimit: 500 };
    const [a, b] = await Promise.all(both().map((h) => page(h, params)));
    expect(b === a).toBe(true);
    const data = JSON.parse(b!).data as Array<{ id: number; confidence: number; summary: string }>;
    expect(data.find((i) => i.id === 5)?.confidence).toBe(77);
    expect(data.some((i) => i.id === 6)).toBe(false);
    expect(data.some((i) => i.summary === 'added.example.com')).toBe(true);
  });
});
