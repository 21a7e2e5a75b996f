import fs from 'node:fs';
import path from 'node:path';
import { buildAppBundle } from '../../helpers/build-bundle';
import type { AppStack } from '../../../app/testing/start-app-stack';
import { startTcSimulator, type TcSimulator } from '../../../sdk/testing/tc-simulator';
import { startConverter } from '../../../app/export/convert/converter';
import { startAppStack } from '../../../app/testing/start-app-stack';
import { TC_INDICATOR_TYPES, type TcIndicatorType } from '../../../sdk/threatconnect/types';
import { allOf, call, ROOT, runJob, saveConfig, startStack, tempDir, waitForJob } from './e2e-kit';

// Conversion runs on a worker thread when the App runs from its bundle. This builds the worker as the App's build
// does and runs the same full update with it and without it: Sentinel must end up with the same objects.
let workerScript: string;
let tc: TcSimulator;
const stacks: AppStack[] = [];
beforeAll(async () => {
  const dir = tempDir('worker-build');
  await buildAppBundle(dir, { worker: 'only' });
  workerScript = path.join(dir, 'convert-worker.js');
  tc = await startTcSimulator({ indicatorCount: 3000, malformedCount: 9, seed: 23 });
}, 60_000);
afterAll(async () => {
  for (const s of stacks) await s.close();
  await tc?.close();
});

/** What Sentinel holds, without the times that differ between runs. */
function sentinelContents(stack: AppStack) {
  return stack.sentinel.store
    .all()
    .map(({ modified: _m, valid_from: _f, valid_until: _u, created: _c, ...rest }) => JSON.stringify(rest))
    .sort();
}

async function fullUpdate(name: string, convertWorkerScript: string | false) {
  const stack = await startStack(name, { tc, app: { engine: { convertWorkerScript } } });
  stacks.push(stack);
  await saveConfig(stack, [allOf(stack)]);
  const job = await runJob(stack, 'full');
  const tasks = await call<unknown>(stack, 'GET', `api/jobs/${job.requestId}`);
  return { stack, job, tasks: tasks.json };
}

describe('conversion on a worker thread', () => {
  it('sends exactly what conversion on the main thread sends, and records the same malformed indicators', async () => {
    const threaded = await fullUpdate('threaded', workerScript);
    const inline = await fullUpdate('inline', false);
    expect(threaded.job.status).toBe('Upload Complete');
    expect(inline.job.status).toBe('Upload Complete');
    expect(threaded.job.counts).toEqual(inline.job.counts);
    expect(threaded.job.counts.convertErrors).toBeGreaterThan(0);
    expect(sentinelContents(threaded.stack)).toEqual(sentinelContents(inline.stack));
    const convertTask = (t: typeof threaded) => JSON.stringify(t.tasks).match(/STIX objects[^"]*/)?.[0];
    expect(convertTask(threaded)).toMatch(/on a worker thread/);
    expect(convertTask(inline)).not.toMatch(/worker/);
    const errors = async (s: AppStack, id: string) =>
      (await call<{ items: Array<{ message: string; raw: { id: number } }> }>(s, 'GET', `api/errors?requestId=${id}&step=convert&pageSize=100`)).json.items
        .map((e) => `${e.raw.id} ${e.message}`)
        .sort();
    expect(await errors(threaded.stack, threaded.job.requestId)).toEqual(await errors(inline.stack, inline.job.requestId));
  }, 120_000);

  it.each([
    ['on the worker thread', true],
    ['on the main thread', false],
  ])(
    'fails the job, naming the page, when ThreatConnect answers a page that is not a list (%s)',
    async (_name, threaded) => {
      const stack = await startStack(`bad-page-${String(threaded)}`, { tc, app: { engine: { convertWorkerScript: threaded ? workerScript : false } } });
      stacks.push(stack);
      await saveConfig(stack, [allOf(stack)]);
      tc.faults.next({ status: 200, body: { status: 'Success', count: 5 }, match: '/v3/indicators?', skip: 1 }); // the second page
      try {
        const job = await runJob(stack, 'full');
        expect(job.status).toBe('Failed');
        expect(job.error).toBe("ThreatConnect's answer to GET /api/v3/indicators could not be used: the answer has no data list");
        const errors = await call<{ items: Array<{ raw?: { url: string } }> }>(stack, 'GET', `api/errors?requestId=${job.requestId}&step=download`);
        expect(errors.json.items[0]?.raw?.url).toMatch(/dateAdded%20%3E%20%22/); // the page after the first: its keyset condition
        expect(job.error).not.toMatch(/worker/);
      } finally {
        tc.faults.clear();
      }
      const again = await runJob(stack, 'full');
      expect(again.status).toBe('Upload Complete');
    },
    120_000,
  );

  /** Upload requests Sentinel accepted so far. */
  const acceptedUploads = (stack: AppStack) => stack.sentinel.requests.filter((r) => r.kind === 'upload' && r.status === 200).length;

  /** Starts a full update and stops the service once Sentinel has answered `batches` while the download goes on. */
  async function stopMidDownload(name: string, sim: TcSimulator, batches: number) {
    const workDir = tempDir(name);
    const options = { workDir, installDir: ROOT, tc: sim, app: { engine: { convertWorkerScript: workerScript } } };
    const first = await startAppStack(options);
    stacks.push(first);
    await saveConfig(first, [allOf(first)]);
    sim.faults.next({ delayMs: 3000, match: '/v3/indicators?', skip: 2 }); // the third page
    const { json } = await call<{ requestId: string }>(first, 'POST', 'api/jobs', { mode: 'full' });
    while (acceptedUploads(first) < batches) await new Promise((resolve) => setTimeout(resolve, 20));
    const job = await call<{ status: string }>(first, 'GET', `api/jobs/${json.requestId}`);
    expect(job.json.status).toBe('Download In Progress'); // objects go to Sentinel while the download goes on
    await first.stopApp();
    sim.faults.clear();
    const answered = acceptedUploads(first);
    return { options, first, requestId: json.requestId, answered, dir: path.join(workDir, 'out', 'jobs', json.requestId) };
  }

  it('uploads while it downloads; stopped mid-download, the resumed job sends again only what was not answered', async () => {
    const { options, first, requestId, answered, dir } = await stopMidDownload('worker-resume', tc, 10);
    expect(fs.readdirSync(dir).sort()).toEqual(['objects.ndjson', 'sent.ndjson']); // kept for the resumed job
    const second = await startAppStack({ ...options, sentinel: first.sentinel });
    stacks.push(second);
    const job = await waitForJob(second, requestId);
    expect(job.status).toBe('Upload Complete');
    const reference = await fullUpdate('worker-resume-ref', workerScript);
    expect(job.counts).toEqual(reference.job.counts);
    expect(sentinelContents(second)).toEqual(sentinelContents(reference.stack));
    // Batches answered before the stop are not sent again (those in flight at the stop may be).
    const batches = Math.ceil(reference.job.counts.uploaded / 100);
    const resent = acceptedUploads(second) - answered;
    expect(resent).toBeLessThanOrEqual(batches - 10 + 4);
    expect(resent).toBeGreaterThanOrEqual(batches - answered);
    expect(fs.existsSync(dir)).toBe(false);
  }, 120_000);

  it('sends again the answered batches whose indicators changed in ThreatConnect before the job resumed', async () => {
    const sim = await startTcSimulator({ indicatorCount: 3000, seed: 29 });
    try {
      const { options, first, requestId, answered } = await stopMidDownload('worker-resume-changed', sim, 5);
      for (let id = 1; id <= 3000; id += 1) sim.updateIndicator(id, { confidence: 99 });
      const second = await startAppStack({ ...options, sentinel: first.sentinel });
      stacks.push(second);
      const job = await waitForJob(second, requestId);
      expect(job.status).toBe('Upload Complete');
      expect(acceptedUploads(second) - answered).toBe(Math.ceil(job.counts.uploaded / 100)); // every batch again
      const stored = second.sentinel.store.all();
      expect(stored.length).toBeGreaterThan(2000);
      expect(stored.every((o) => o.confidence === 99)).toBe(true);
    } finally {
      await sim.close();
    }
  }, 120_000);

  it('converts a page of a thousand heavy indicators (100 MB: long descriptions and attributes) within its heap', async () => {
    const file = path.join(tempDir('heavy-page'), 'objects.ndjson');
    const heavy = 'x'.repeat(50 * 1024);
    const data = Array.from({ length: 1000 }, (_, i) => ({
      id: i + 1,
      type: 'Host',
      ownerName: 'Org',
      hostName: `h${i}.example`,
      summary: `h${i}.example`,
      dateAdded: '2026-01-01T00:00:00Z',
      lastModified: '2026-01-01T00:00:00Z',
      description: heavy,
      attributes: { data: [{ type: 'Description', value: heavy }] },
    }));
    const pages: number[] = [];
    const settings = {
      sourceSystem: 'ThreatConnect-Test',
      ttlHours: Object.fromEntries(TC_INDICATOR_TYPES.map((t) => [t, 24])) as Record<TcIndicatorType, number>,
      now: '2026-02-01T00:00:00.000Z',
    };
    const converter = startConverter({ file, settings, workerScript, onPage: (page) => pages.push(page.objects) });
    expect(await converter.page(Buffer.from(JSON.stringify({ data, status: 'Success' })), false)).toEqual({
      size: 1000,
      last: expect.objectContaining({ id: 1000 }),
    });
    expect(await converter.finish()).toBe(1000);
    expect(pages).toEqual([1000]);
  }, 60_000);

  it('fails the job with the reason when the worker dies, and the service goes on', async () => {
    const broken = path.join(tempDir('broken-worker'), 'convert-worker.js');
    fs.writeFileSync(broken, "require('node:worker_threads').parentPort.once('message', () => process.exit(3));\n");
    const { stack, job } = await fullUpdate('broken', broken);
    expect(job.status).toBe('Failed');
    expect(job.error).toMatch(/The conversion worker stopped \(exit code 3\)/);
    const health = await call<{ status: string }>(stack, 'GET', 'api/health');
    expect(health.status).toBe(200);
  }, 120_000);
});
