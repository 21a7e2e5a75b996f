import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Secret } from '../../../sdk/inputs/secret';
import { startService } from '../../../sdk/run';
import { startCoreEmulator, type CoreEmulator } from '../../../sdk/testing/core-emulator';
import { startMosquitto, startRedis, type SystemService } from '../../../sdk/testing/system-services';
import { readEvents, testAppDefinition } from '../../helpers/test-app-definition';

let broker: SystemService;
let redis: SystemService;
beforeAll(async () => {
  [broker, redis] = await Promise.all([startMosquitto(), startRedis({ password: 'kv-pass' })]);
});
afterAll(async () => {
  await Promise.all([broker?.stop(), redis?.stop()]);
});

async function coreRun(extra: Record<string, unknown> = {}) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tc-run-core-'));
  const emulator: CoreEmulator = await startCoreEmulator({ broker: { port: broker.port }, redis: { port: redis.port, password: 'kv-pass', db: 2 } });
  const inputs = {
    tc_api_path: 'http://127.0.0.1:9/api',
    tc_token: new Secret('platform-token'),
    tc_token_expires: String(Math.floor(Date.now() / 1000) + 3600),
    tc_out_path: path.join(dir, 'out'),
    tc_log_path: path.join(dir, 'log'),
    tc_svc_broker_host: '127.0.0.1',
    tc_svc_broker_port: String(broker.port),
    tc_svc_broker_token: new Secret('broker-token'),
    tc_svc_server_topic: emulator.serverTopic,
    tc_svc_client_topic: emulator.clientTopic,
    tc_kvstore_host: '127.0.0.1',
    tc_kvstore_port: String(redis.port),
    tc_kvstore_pass: new Secret('kv-pass'),
    tc_playbook_kvstore_id: '2',
    ...extra,
  };
  const service = await startService(testAppDefinition(), inputs, { installDir: dir, core: { brokerCheckWaitMs: 100 } });
  return { dir, emulator, service, out: path.join(dir, 'out') };
}

describe('startService over the Core transport', () => {
  it('serves through the broker and stops cleanly on Shutdown', async () => {
    const { dir, emulator, service, out } = await coreRun();
    try {
      expect(service.mode).toBe('core');
      await emulator.waitForReady();
      const health = await emulator.request('GET', 'api/health');
      expect(health.json()).toMatchObject({ app: { mode: 'core' }, service: { transport: 'core', broker: 'connected', redis: 'ready' } });
      const ctx = await emulator.request('GET', 'api/context', { apiToken: 'SVC:abc' });
      expect(ctx.json()).toMatchObject({ hasApiToken: true, requestId: ctx.acknowledged.requestKey });
      expect((await emulator.request('POST', 'api/visits')).status).toBe(201);

      expect(await emulator.shutdown()).toEqual({ command: 'Acknowledged', type: 'Shutdown' });
      expect(await service.done).toBe(0);
      expect(readEvents(out)).toEqual(['setup done', 'worker started aborted=false', 'signal aborted', 'worker stopped', 'shutdown hook db-open=true']);
      const log = fs.readFileSync(path.join(dir, 'log', 'app.log'), 'utf8');
      for (const secret of ['platform-token', 'broker-token', 'kv-pass', 'SVC:abc']) expect(log).not.toContain(secret);
    } finally {
      await service.shutdown('test cleanup');
      await emulator.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('shuts down by itself when Core stops sending heartbeats', async () => {
    const { dir, emulator, service } = await coreRun({ tc_svc_hb_timeout_seconds: '1' });
    try {
      expect(await service.done).toBe(0);
      expect(emulator.messages.map((m) => m.command)).toEqual(['Ready', 'BrokerCheck']);
    } finally {
      await emulator.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
