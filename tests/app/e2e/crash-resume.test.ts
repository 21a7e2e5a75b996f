import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { buildAppBundle } from '../../helpers/build-bundle';
import type { Job } from '../../../app/export/types';
import { simulatorInputs, startAppStack } from '../../../app/testing/start-app-stack';
import { startSentinelSimulator, type SentinelSimulator } from '../../../app/testing/sentinel-simulator';
import { startTcSimulator, type TcSimulator } from '../../../sdk/testing/tc-simulator';
import { eventually } from '../../helpers/eventually';
import { allOf, ROOT, runJob, saveConfig, tempDir } from './e2e-kit';

// The App as ThreatConnect runs it — its own process from the bundle — killed with SIGKILL twice in the middle of
// uploading while both simulators inject faults, and restarted each time. The final Sentinel store must equal what
// a clean run produces: nothing missing, nothing extra.
const WORK = tempDir('crash');
// Inside the repository, so the bundle finds better-sqlite3 in node_modules as the packaged App finds its own copy.
const BUNDLE = path.join(ROOT, 'tests/artifacts', `crash-bundle-${process.pid}`);
let tc: TcSimulator;
let sentinel: SentinelSimulator;
let port = 0;
let inputsFile = '';
let caFile = '';

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port: p } = server.address() as net.AddressInfo;
  await new Promise((r) => server.close(r));
  return p;
}

function startApp(): { child: ChildProcess; exited: Promise<number | null>; output: () => string } {
  const child = spawn(process.execPath, ['app.js', '--inputs', inputsFile, '--no-token'], {
    cwd: BUNDLE,
    env: { PATH: process.env.PATH, NODE_EXTRA_CA_CERTS: caFile },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (out += c.toString()));
  return { child, exited: new Promise((r) => child.once('exit', (code) => r(code))), output: () => out };
}

const url = (route: string) => `http://127.0.0.1:${port}/${route}`;
/** Waits until the service answers; fails at once with its output if it exits instead. */
async function ready(app: ReturnType<typeof startApp>): Promise<void> {
  let exited = false;
  void app.exited.then(() => (exited = true));
  await eventually(
    async () => {
      if (exited) return;
      await api('GET', 'api/health');
    },
    { timeoutMs: 20_000 },
  );
  if (exited) throw new Error(`the App exited: ${app.output()}`);
}

async function api<T>(method: string, route: string, body?: unknown): Promise<T> {
  const res = await fetch(url(route), { method, headers: body ? { 'content-type': 'application/json' } : {}, body: body ? JSON.stringify(body) : undefined });
  if (!res.ok) throw new Error(`${method} ${route} answered ${res.status}`);
  return (await res.json()) as T;
}

beforeAll(async () => {
  fs.mkdirSync(BUNDLE, { recursive: true });
  await buildAppBundle(BUNDLE); // with its conversion worker, as packaged
  fs.copyFileSync(path.join(ROOT, 'install.json'), path.join(BUNDLE, 'install.json'));
  [tc, sentinel] = await Promise.all([startTcSimulator({ indicatorCount: 2500, seed: 21, malformedCount: 5 }), startSentinelSimulator({ seed: 4 })]);
  caFile = path.join(WORK, 'sentinel-ca.pem');
  fs.writeFileSync(caFile, sentinel.ca);
  port = await freePort();
  inputsFile = path.join(WORK, 'app_inputs.json');
  fs.writeFileSync(inputsFile, JSON.stringify({ ...simulatorInputs(tc, sentinel, path.join(WORK, 'app')), service_port: String(port) }));
}, 60_000);
afterAll(async () => {
  await Promise.all([tc?.close(), sentinel?.close()]);
  fs.rmSync(WORK, { recursive: true, force: true });
  fs.rmSync(BUNDLE, { recursive: true, force: true });
});

const storedIds = (sim: SentinelSimulator) =>
  sim.store
    .all()
    .map((o) => `${String(o.id)} ${o.revoked === true}`)
    .sort();

it('survives two SIGKILLs mid-upload under injected faults, and Sentinel ends up holding exactly the expected set', async () => {
  // Faults: a share of 500/503s, slow answers (so the kills land mid-upload), a few dropped connections, and
  // ThreatConnect failing now and then.
  sentinel.settings.failureShare = 0.15;
  sentinel.faults.next({ delayMs: 120, times: Infinity, match: (req) => req.path.includes(':upload') && Math.random() < 0.9 });
  sentinel.faults.next({ drop: true, times: 3, match: ':upload' });
  tc.faults.next({ status: 503, times: 2, match: '/v3/indicators' });

  let app = startApp();
  await ready(app);
  await api('PUT', 'api/config', {
    queries: [
      {
        owners: tc.owners.map((o) => o.name),
        indicatorTypes: ['Address', 'CIDR', 'Host', 'File', 'URL', 'ASN', 'EmailAddress', 'Email Subject', 'Registry Key'],
        tql: 'rating >= 0',
        sortField: 'dateAdded',
        sortDirection: 'asc',
      },
    ],
    nextUpdate: 'full',
  });
  const { requestId } = await api<{ requestId: string }>('POST', 'api/jobs', { mode: 'full' });

  for (const round of [1, 2]) {
    const seen = sentinel.uploads().length;
    await eventually(async () => expect(sentinel.uploads().length).toBeGreaterThanOrEqual(seen + 4), { timeoutMs: 30_000, intervalMs: 10 });
    const job = await api<Job>('GET', `api/jobs/${requestId}`);
    expect({ round, endedAt: job.endedAt }).toEqual({ round, endedAt: undefined }); // still uploading when killed
    app.child.kill('SIGKILL');
    expect(await app.exited).toBe(null);
    app = startApp();
    await ready(app);
  }
  const final = await eventually(
    async () => {
      const job = await api<Job>('GET', `api/jobs/${requestId}`);
      if (!job.endedAt) throw new Error(`still ${job.status}`);
      return job;
    },
    { timeoutMs: 60_000, intervalMs: 200 },
  );
  app.child.kill('SIGTERM');
  expect(await app.exited).toBe(0);
  expect(final.status).toBe('Upload Complete');
  // The pacer's window survived both kills: no restarted process sent into a minute its predecessor had used up.
  expect(sentinel.requests.filter((r) => r.status === 429)).toEqual([]);
  expect(app.output()).not.toContain(sentinel.credentials.clientSecret);
  const converted = (final as Job & { tasks?: Array<{ kind: string; result?: string }> }).tasks?.find((t) => t.kind === 'convert');
  expect(converted?.result).toMatch(/on a worker thread/); // the packaged App converts on its worker

  // The reference: the same configuration sent once, in-process, to a fresh simulator without faults.
  const clean = await startSentinelSimulator();
  const reference = await startAppStack({ workDir: tempDir('crash-ref'), installDir: ROOT, tc, sentinel: clean });
  try {
    await saveConfig(reference, [allOf(reference)]);
    const job = await runJob(reference, 'full');
    expect(job.status).toBe('Upload Complete');
    expect(final.counts).toMatchObject({
      downloaded: job.counts.downloaded,
      duplicates: job.counts.duplicates,
      converted: job.counts.converted,
      convertErrors: job.counts.convertErrors,
    });
    const expected = storedIds(clean);
    const actual = storedIds(sentinel);
    expect(actual.length).toBe(expected.length);
    expect(actual).toEqual(expected);
    expect(new Set(actual.map((s) => s.split(' ')[0])).size).toBe(actual.length);
  } finally {
    await reference.close();
    await clean.close();
  }
}, 180_000);
