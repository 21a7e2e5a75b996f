import type { QueryConfig } from '../../../app/export/types';
import type { AppStack } from '../../../app/testing/start-app-stack';
import { runJob, saveConfig, startStack } from './e2e-kit';

let stack: AppStack;
beforeAll(async () => {
  stack = await startStack('delta-rules', { tc: { indicatorCount: 300, seed: 13 } });
}, 60_000);
afterAll(() => stack?.close());

const hosts = (): QueryConfig => ({
  owners: stack.tc.owners.map((o) => o.name),
  indicatorTypes: ['Host'],
  tql: 'rating >= 0',
  sortField: 'dateAdded',
  sortDirection: 'asc',
});
const urls = (): QueryConfig => ({ ...hosts(), indicatorTypes: ['URL'] });
const count = (prefix: string) => stack.sentinel.store.all().filter((o) => String(o.pattern).startsWith(prefix)).length;

describe('delta updates', () => {
  it('send in full what a new configuration returns, and only changes for the unchanged ones', async () => {
    await saveConfig(stack, [hosts()], 'full');
    expect((await runJob(stack, 'full')).status).toBe('Upload Complete');
    const hostCount = count('[domain-name:');
    expect(hostCount).toBeGreaterThan(10);
    expect(count('[url:')).toBe(0);
    await saveConfig(stack, [hosts(), urls()], 'delta');
    const delta = await runJob(stack, 'delta');
    expect(delta.status).toBe('Upload Complete');
    const urlCount = count('[url:');
    expect(urlCount).toBeGreaterThan(10);
    expect(delta.counts.uploaded).toBe(urlCount); // every URL, and no Host again
    expect(count('[domain-name:')).toBe(hostCount);
  }, 60_000);

  it('keep the watermark when a run fails, so the next run sends what the failed one could not', async () => {
    const host = stack.sentinel.store.all().find((o) => String(o.pattern).startsWith('[domain-name:'))!;
    const tcId = Number((host.external_references as Array<{ external_id: string }>)[0]!.external_id);
    stack.tc.updateIndicator(tcId, { confidence: 11 } as never);
    stack.sentinel.settings.forbidden = true;
    const failed = await runJob(stack, 'delta');
    expect(failed.status).toBe('Failed');
    expect(failed.error).toMatch(/403.*Microsoft Sentinel Contributor role/);
    stack.sentinel.settings.forbidden = false;
    const retried = await runJob(stack, 'delta');
    expect(retried).toMatchObject({ status: 'Upload Complete', counts: { uploaded: 1 } });
    expect(stack.sentinel.store.get(String(host.id), 'ThreatConnect-Demo')).toMatchObject({ confidence: 11 });
  }, 60_000);
});
