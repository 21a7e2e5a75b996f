import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { buildAppBundle } from '../../helpers/build-bundle';
import type { Job } from '../../../app/export/types';
import { simulatorInputs } from '../../../app/testing/start-app-stack';
import { startSentinelSimulator, type SentinelSimulator } from '../../../app/testing/sentinel-simulator';
import { startCoreEmulator, type CoreEmulator } from '../../../sdk/testing/core-emulator';
import { startMosquitto, startRedis, type SystemService } from '../../../sdk/testing/system-services';
import { startTcSimulator, type TcSimulator } from '../../../sdk/testing/tc-simulator';
import { TC_INDICATOR_TYPES } from '../../../sdk/threatconnect/types';
import { eventually } from '../../helpers/eventually';
import { writeParamFile } from '../../helpers/param-file';
import { ROOT, tempDir } from './e2e-kit';

// The real App bundle started the way ThreatConnect starts it: `node app.js` with an encrypted param file, reached
// only through MQTT and Redis (a real mosquitto and redis-server), exporting from the ThreatConnect simulator to
// the Sentinel simulator. (NODE_EXTRA_CA_CERTS only makes the child trust the Sentinel simulator's certificate.)
const WORK = tempDir('core');
const BUNDLE = path.join(ROOT, 'tests/artifacts', `core-bundle-${process.pid}`);
let broker: SystemService;
let redis: SystemService;
let tc: TcSimulator;
let sentinel: SentinelSimulator;
let core: CoreEmulator;

beforeAll(async () => {
  fs.mkdirSync(BUNDLE, { recursive: true });
  const bundled = buildAppBundle(BUNDLE);
  [broker, redis, tc, sentinel] = await Promise.all([
    startMosquitto(),
    startRedis({ password: 'kv-pass-5' }),
    startTcSimulator({ indicatorCount: 800, seed: 2, malformedCount: 2 }),
    startSentinelSimulator(),
    bundled,
  ]);
  fs.copyFileSync(path.join(ROOT, 'install.json'), path.join(BUNDLE, 'install.json'));
  core = await startCoreEmulator({
    broker: { port: broker.port },
    redis: { port: redis.port, password: 'kv-pass-5', db: 2 },
    apiToken: tc.issueToken({ service: true }).token,
  });
}, 60_000);
afterAll(async () => {
  await core?.close();
  await Promise.all([broker?.stop(), redis?.stop(), tc?.close(), sentinel?.close()]);
  fs.rmSync(BUNDLE, { recursive: true, force: true });
  fs.rmSync(WORK, { recursive: true, force: true });
});

it('exports through the service protocol: config, a full job to Upload Complete, its errors, and a clean Shutdown', async () => {
  const caFile = path.join(WORK, 'ca.pem');
  fs.writeFileSync(caFile, sentinel.ca);
  const paramFile = path.join(WORK, 'params.enc');
  const env = writeParamFile(paramFile, {
    ...simulatorInputs(tc, sentinel, WORK),
    tc_token: 'platform-token-42',
    tc_token_expires: String(Math.floor(Date.now() / 1000) + 3600),
    tc_svc_broker_host: '127.0.0.1',
    tc_svc_broker_port: String(broker.port),
    tc_svc_broker_token: 'broker-token-8',
    tc_svc_server_topic: core.serverTopic,
    tc_svc_client_topic: core.clientTopic,
    tc_svc_hb_timeout_seconds: '30',
    tc_kvstore_host: '127.0.0.1',
    tc_kvstore_port: String(redis.port),
    tc_kvstore_pass: 'kv-pass-5',
    tc_playbook_kvstore_id: '2',
  });
  const child = spawn(process.execPath, ['app.js'], { cwd: BUNDLE, env: { ...env, NODE_EXTRA_CA_CERTS: caFile }, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
  const exited = new Promise<number | null>((r) => child.once('exit', r));
  try {
    await core.waitForReady(20_000);
    expect(fs.existsSync(paramFile)).toBe(false);
    const ownersRes = await core.request('GET', 'api/owners');
    expect({ status: ownersRes.status, body: ownersRes.status === 200 ? '' : ownersRes.text() }).toEqual({ status: 200, body: '' });
    const owners = ownersRes.json<Array<{ name: string }>>();
    expect(owners.map((o) => o.name)).toEqual(tc.owners.map((o) => o.name));
    const bad = await core.request('PUT', 'api/config', {
      body: {
        queries: [{ owners: ['Nobody'], indicatorTypes: ['Host'], tql: 'rating >= 0', sortField: 'dateAdded', sortDirection: 'asc' }],
        nextUpdate: 'full',
      },
    });
    expect(bad.status).toBe(400);
    expect(bad.text()).toContain('Owner \\"Nobody\\" is not visible to the API user');
    const queries = [
      { owners: owners.map((o) => o.name), indicatorTypes: TC_INDICATOR_TYPES, tql: 'rating >= 0', sortField: 'dateAdded', sortDirection: 'asc' },
    ];
    expect((await core.request('PUT', 'api/config', { body: { queries, nextUpdate: 'full' } })).status).toBe(200);
    const started = await core.request('POST', 'api/jobs', { body: { mode: 'full' } });
    const { requestId } = started.json<{ requestId: string }>();
    const job = await eventually(
      async () => {
        const j = (await core.request('GET', `api/jobs/${requestId}`)).json<Job>();
        if (!j.endedAt) throw new Error(j.status);
        return j;
      },
      { timeoutMs: 30_000, intervalMs: 200 },
    );
    expect(job).toMatchObject({ status: 'Upload Complete', counts: { convertErrors: 2 } });
    expect(sentinel.store.size).toBe(job.counts.uploaded);
    // Every call, while answering a request or in the job, is made as the App's API user (never with the
    // request's service token), so the UI offers and checks only what a job can read.
    const ownerCalls = tc.requests.filter((r) => r.path.endsWith('/v3/security/owners'));
    expect(ownerCalls.length).toBeGreaterThan(0);
    // One identity: the owners list (and TQL checks, Preview) use the API user's credentials, as the jobs do.
    expect(ownerCalls.every((r) => r.auth?.scheme === 'hmac')).toBe(true);
    const downloads = tc.requests.filter((r) => r.path.endsWith('/v3/indicators'));
    expect(downloads.length).toBeGreaterThan(0);
    expect(downloads.filter((r) => r.auth?.scheme !== 'hmac').map((r) => r.query)).toEqual([]);
    const errors = (await core.request('GET', 'api/errors', { query: { requestId, step: 'convert' } })).json<{ total: number }>();
    expect(errors.total).toBe(2);
    expect(await core.shutdown()).toEqual({ command: 'Acknowledged', type: 'Shutdown' });
    expect(await exited).toBe(0);
    const log = fs.readFileSync(path.join(WORK, 'log', 'app.log'), 'utf8');
    for (const secret of ['platform-token-42', 'broker-token-8', 'kv-pass-5', sentinel.credentials.clientSecret, tc.credentials.secretKey])
      expect(log).not.toContain(secret);
    expect(stderr).toBe('');
  } finally {
    child.kill('SIGKILL');
  }
}, 90_000);
