import fs from 'node:fs';
import path from 'node:path';
import type { ConfigState, Job } from '../../../app/export/types';
import { call, ROOT, runJob, tempDir } from './e2e-kit';
import { startAppStack, type AppStack } from '../../../app/testing/start-app-stack';

// A state.db written by the previous release (Node.js 20 with better-sqlite3: one full job of 120 simulated
// indicators, seed 5, Address/Host/URL/File of every owner, 99 objects in the ledger) keeps working on node:sqlite.
const FIXTURE = path.join(ROOT, 'tests/fixtures/state/release-1-better-sqlite3.db');
let stack: AppStack;

beforeAll(async () => {
  const workDir = tempDir('compat');
  fs.mkdirSync(path.join(workDir, 'out'), { recursive: true });
  fs.copyFileSync(FIXTURE, path.join(workDir, 'out/state.db'));
  stack = await startAppStack({ workDir, installDir: ROOT, tc: { indicatorCount: 120, seed: 5 } });
}, 60_000);
afterAll(() => stack?.close());

it('keeps the configuration and the jobs of the earlier release', async () => {
  const config = (await call<ConfigState>(stack, 'GET', 'api/config')).json;
  expect(config).toMatchObject({ nextUpdate: 'delta', revision: 1 }); // back to delta after its full update succeeded
  expect(config.queries).toEqual([expect.objectContaining({ indicatorTypes: ['Address', 'Host', 'URL', 'File'], tql: 'rating >= 0' })]);
  const jobs = (await call<{ items: Job[]; total: number }>(stack, 'GET', 'api/jobs')).json;
  expect(jobs.total).toBe(1);
  expect(jobs.items[0]).toMatchObject({ status: 'Upload Complete', mode: 'full', counts: expect.objectContaining({ uploaded: 99 }) });
});

it('runs a delta from the earlier release’s watermark, then a full update that revokes nothing', async () => {
  const delta = await runJob(stack, 'delta');
  expect(delta).toMatchObject({ status: 'Upload Complete', mode: 'delta', counts: expect.objectContaining({ uploaded: 0, revoked: 0 }) });
  expect(delta.error).toBeUndefined();
  const full = await runJob(stack, 'full');
  expect(full).toMatchObject({ status: 'Upload Complete', counts: expect.objectContaining({ uploaded: 99, revoked: 0 }) });
  expect(stack.sentinel.store.size).toBe(99);
});
