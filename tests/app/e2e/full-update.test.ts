import type { AppStack } from '../../../app/testing/start-app-stack';
import { allOf, call, runJob, saveConfig, startStack } from './e2e-kit';

let stack: AppStack;
beforeAll(async () => {
  stack = await startStack('full', { tc: { indicatorCount: 1500, malformedCount: 6, seed: 7 } });
}, 60_000);
afterAll(() => stack?.close());

describe('a full update through the real service, against both simulators', () => {
  it('sends every convertible indicator once, records the malformed ones, and ends Upload Complete', async () => {
    await saveConfig(stack, [allOf(stack)]);
    const job = await runJob(stack, 'full');
    expect(job.status).toBe('Upload Complete');
    expect(job.counts.convertErrors).toBeGreaterThan(0);
    expect(job.counts.uploaded).toBe(job.counts.converted);
    expect(stack.sentinel.store.size).toBe(job.counts.uploaded - job.counts.rejected);
    const errors = await call<{ total: number; items: Array<{ step: string }> }>(stack, 'GET', `api/errors?requestId=${job.requestId}&step=convert`);
    expect(errors.json.total).toBe(job.counts.convertErrors);
  }, 120_000);
});
