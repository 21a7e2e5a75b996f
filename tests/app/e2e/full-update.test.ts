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

describe('configuration checks against the real ThreatConnect API', () => {
  it('reports TQL that ThreatConnect rejects next to its field, with ThreatConnect’s reason', async () => {
    const res = await call<{ error: string; details: Array<{ path: string; message: string }> }>(stack, 'PUT', 'api/config', {
      queries: [allOf(stack), { ...allOf(stack), tql: 'rating > "high"' }],
      nextUpdate: 'full',
    });
    expect(res.status).toBe(400);
    expect(res.json.details).toHaveLength(1);
    expect(res.json.details[0]!.path).toBe('queries/1/tql');
    expect(res.json.details[0]!.message).toMatch(/^ThreatConnect rejected the TQL: \S/);
    expect(res.json.details[0]!.message).not.toMatch(/https?:\/\//);
  });
});

describe('preview against the real ThreatConnect API', () => {
  it('counts what a query matches and shows the STIX it becomes', async () => {
    const res = await call<{ count: number; countsByType: Record<string, number>; sample: Array<{ type: string }> }>(
      stack,
      'POST',
      'api/preview',
      allOf(stack),
    );
    expect(res.status).toBe(200);
    expect(res.json.count).toBeGreaterThan(1000);
    // Each type counted by ThreatConnect: the nine partition what the query matches.
    expect(Object.keys(res.json.countsByType).sort()).toEqual([...allOf(stack).indicatorTypes].sort());
    expect(Object.values(res.json.countsByType).reduce((a, b) => a + b, 0)).toBe(res.json.count);
    expect(res.json.sample.length).toBeGreaterThan(0);
    expect(res.json.sample.every((o) => o.type === 'indicator')).toBe(true);
  });

  it('answers 400 with ThreatConnect’s reason for TQL it rejects', async () => {
    const res = await call<{ error: string; details: Array<{ path: string; message: string }> }>(stack, 'POST', 'api/preview', {
      ...allOf(stack),
      tql: 'rating > "high"',
    });
    expect(res.status).toBe(400);
    expect(res.json.details).toEqual([{ path: 'tql', message: expect.stringMatching(/^ThreatConnect rejected the TQL: \S/) }]);
  });
});

describe('a job ThreatConnect refuses', () => {
  it('fails with ThreatConnect’s answer and what to check, keeping the request in the report', async () => {
    stack.tc.faults.next({ status: 401, times: Infinity, match: '/v3/indicators' });
    try {
      const job = await runJob(stack, 'full');
      expect(job.status).toBe('Failed');
      expect(job.error).toBe(
        'ThreatConnect answered 401 to GET /api/v3/indicators: Error 401. Check the ThreatConnect Access ID and Secret Key parameters (and that the API user is active)',
      );
      const errors = await call<{ items: Array<{ message: string; raw?: { url: string; status: number } }> }>(
        stack,
        'GET',
        `api/errors?requestId=${job.requestId}&step=download`,
      );
      expect(errors.json.items[0]).toMatchObject({
        message: `Job failed: ${job.error}`,
        raw: { status: 401, url: expect.stringContaining('/api/v3/indicators?tql=') },
      });
    } finally {
      stack.tc.faults.clear();
    }
  });
});
