import type { AppStack } from '../../../app/testing/start-app-stack';
import { allOf, call, runJob, saveConfig, startStack } from './e2e-kit';

// A full update revokes what no configuration returned, and never what it converted itself, even when Sentinel
// refused that object this time (it stays active in Sentinel and in the ledger, and the next job sends it again).
let stack: AppStack;
beforeAll(async () => {
  stack = await startStack('revoke-rules', { tc: { indicatorCount: 120, seed: 21, duplicateShare: 0 } });
}, 60_000);
afterAll(() => stack?.close());

type Stored = Record<string, unknown> & { id: string; revoked?: boolean; external_references?: Array<{ external_id?: string }> };
const tcIdOf = (o: Stored) => Number(o.external_references?.[0]?.external_id);

describe('revocation after a full update', () => {
  it('revokes exactly what left the set, and not an object of the set that Sentinel refused', async () => {
    await saveConfig(stack, [allOf(stack)]);
    const first = await runJob(stack, 'full');
    expect(first.status).toBe('Upload Complete');
    const before = stack.sentinel.store.all() as Stored[];
    const ratingOf = (o: Stored) => stack.tc.getIndicator(tcIdOf(o))?.rating ?? 0;
    const leaving = before.filter((o) => ratingOf(o) < 3);
    const staying = before.filter((o) => ratingOf(o) >= 3);
    expect(leaving.length).toBeGreaterThan(0);
    const refused = staying[0]!;
    stack.sentinel.settings.refuseIds = [refused.id];
    try {
      await saveConfig(stack, [allOf(stack, 'rating >= 3')]);
      const second = await runJob(stack, 'full');
      expect(second.status).toBe('Upload Complete');
      expect(second.counts).toMatchObject({ uploaded: staying.length - 1, rejected: 1, revoked: leaving.length });
      const now = new Map((stack.sentinel.store.all() as Stored[]).map((o) => [o.id, o]));
      for (const o of leaving) expect(now.get(o.id)?.revoked).toBe(true);
      for (const o of staying) expect(now.get(o.id)?.revoked).not.toBe(true);
      const { json } = await call<{ items: Array<{ step: string; message: string; raw?: { stixId?: string } }> }>(
        stack,
        'GET',
        `api/errors?requestId=${second.requestId}&pageSize=100`,
      );
      // Refused once, as an upload; never planned for revocation (the simulator would have refused that too).
      expect(json.items.map((e) => [e.step, e.raw?.stixId])).toEqual([['upload', refused.id]]);
    } finally {
      stack.sentinel.settings.refuseIds = [];
    }
    // Sentinel takes it again: the next full update sends it and revokes nothing more.
    const third = await runJob(stack, 'full');
    expect(third.counts).toMatchObject({ uploaded: staying.length, rejected: 0, revoked: 0 });
  }, 90_000);
});
