import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { startCoreEmulator, type CoreEmulator } from '../../../sdk/testing/core-emulator';
import { startMosquitto, startRedis, type SystemService } from '../../../sdk/testing/system-services';
import { bundleForNode } from '../../helpers/build-bundle';
import { writeParamFile } from '../../helpers/param-file';

// The service started as ThreatConnect starts it: `node <programMain>` in the bundle folder, with nothing in the
// environment but the encrypted param file's path and key, reached only through the broker and Redis.
// To run these tests against the real bundle, point BUNDLE at dist/package (after `npm run build`) and add the
// App's required params to APP_INPUTS.
const ROOT = path.resolve(__dirname, '../../..');
const WORK = path.join(ROOT, 'tests/artifacts', `run-process-${process.pid}`);
const BUNDLE = { dir: path.join(WORK, 'bundle'), entry: 'app.js' };
const APP_INPUTS: Record<string, unknown> = { greeting: 'hi' };

async function buildTestBundle(): Promise<void> {
  // Inside the repository so the bundle resolves better-sqlite3 from node_modules, as the packaged App does.
  fs.mkdirSync(BUNDLE.dir, { recursive: true });
  await bundleForNode({ [path.basename(BUNDLE.entry, '.js')]: path.join(__dirname, 'fixtures/test-app-main.ts') }, BUNDLE.dir);
  fs.copyFileSync(path.join(__dirname, 'fixtures/install.json'), path.join(BUNDLE.dir, 'install.json'));
}

let broker: SystemService;
let redis: SystemService;
beforeAll(async () => {
  [broker, redis] = await Promise.all([startMosquitto(), startRedis({ password: 'kv-secret-91' }), buildTestBundle()]);
}, 60_000);
afterAll(async () => {
  await Promise.all([broker?.stop(), redis?.stop()]);
  fs.rmSync(WORK, { recursive: true, force: true });
});

interface Started {
  child: ChildProcess;
  exit: Promise<number | null>;
  stderr: () => string;
  paramFile: string;
  dir: string;
}

function startApp(name: string, emulator: CoreEmulator, extra: Record<string, unknown> = {}, key?: string): Started {
  const dir = path.join(WORK, name);
  fs.mkdirSync(dir, { recursive: true });
  const paramFile = path.join(dir, 'params.enc');
  const env = writeParamFile(
    paramFile,
    {
      tc_api_path: 'http://127.0.0.1:9/api',
      tc_token: 'platform-token-77',
      tc_token_expires: String(Math.floor(Date.now() / 1000) + 3600),
      tc_log_path: path.join(dir, 'log'),
      tc_log_file: 'app.log',
      tc_log_level: 'info',
      tc_out_path: path.join(dir, 'out'),
      tc_temp_path: path.join(dir, 'tmp'),
      tc_svc_broker_host: '127.0.0.1',
      tc_svc_broker_port: String(broker.port),
      tc_svc_broker_token: 'broker-token-55',
      tc_svc_broker_conn_timeout: '10',
      tc_svc_server_topic: emulator.serverTopic,
      tc_svc_client_topic: emulator.clientTopic,
      tc_svc_hb_timeout_seconds: '20',
      tc_kvstore_host: '127.0.0.1',
      tc_kvstore_port: String(redis.port),
      tc_kvstore_pass: 'kv-secret-91',
      tc_playbook_kvstore_id: '1',
      ...APP_INPUTS,
      ...extra,
    },
    key,
  );
  const child = spawn(process.execPath, [BUNDLE.entry], {
    cwd: BUNDLE.dir,
    env: key ? { ...env, TC_APP_PARAM_KEY: 'wrong-key-123456' } : env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let err = '';
  child.stderr?.on('data', (c: Buffer) => (err += c.toString()));
  child.stdout?.resume();
  const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, exit, stderr: () => err, paramFile, dir };
}

async function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what} took over ${ms} ms`)), ms)));
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

describe('the service as a separate process, started the way the platform starts it', () => {
  it('reads and deletes the param file, serves over MQTT/Redis, answers heartbeats, and exits 0 on Shutdown', async () => {
    const emulator = await startCoreEmulator({ broker: { port: broker.port }, redis: { port: redis.port, password: 'kv-secret-91', db: 1 } });
    const app = startApp('lifecycle', emulator);
    try {
      await emulator.waitForReady(15_000);
      expect(fs.existsSync(app.paramFile)).toBe(false);
      expect((await emulator.request('GET', 'api/health')).json()).toMatchObject({ status: 'ok', service: { transport: 'core', broker: 'connected' } });
      expect((await emulator.request('GET', '/api/does-not-exist')).status).toBe(404);
      expect((await emulator.heartbeat()).metric).toMatchObject({ Requests: 2, Responses: 2 });
      await emulator.loggingChange('DEBUG');
      expect(await emulator.shutdown()).toEqual({ command: 'Acknowledged', type: 'Shutdown' });
      expect(await within(app.exit, 15_000, 'exit after Shutdown')).toBe(0);
      const log = fs.readFileSync(path.join(app.dir, 'log', 'app.log'), 'utf8');
      expect(log).toContain('"message":"Service stopped"');
      expect(log).toContain('"level":"debug"');
      for (const secret of ['platform-token-77', 'broker-token-55', 'kv-secret-91']) expect(log).not.toContain(secret);
    } finally {
      app.child.kill('SIGKILL');
      await emulator.close();
    }
  }, 60_000);

  it('exits 0 on SIGTERM', async () => {
    const emulator = await startCoreEmulator({ broker: { port: broker.port }, redis: { port: redis.port, password: 'kv-secret-91', db: 1 } });
    const app = startApp('sigterm', emulator);
    try {
      await emulator.waitForReady(15_000);
      app.child.kill('SIGTERM');
      expect(await within(app.exit, 15_000, 'exit after SIGTERM')).toBe(0);
    } finally {
      app.child.kill('SIGKILL');
      await emulator.close();
    }
  }, 60_000);

  it.each([
    ['a param file encrypted with another key', {}, 'another-key-4567'],
    ['a broker that is not there', { tc_svc_broker_port: '1', tc_svc_broker_conn_timeout: '1' }, undefined],
  ])(
    'exits 1 with one clear message on stderr for %s',
    async (_name, extra, key) => {
      const emulator = await startCoreEmulator({ broker: { port: broker.port }, redis: { port: redis.port, password: 'kv-secret-91' } });
      const app = startApp(`fatal-${Math.random().toString(36).slice(2)}`, emulator, extra, key);
      try {
        expect(await within(app.exit, 20_000, 'exit after a fatal error')).toBe(1);
        const lines = app.stderr().trim().split('\n');
        expect(lines).toHaveLength(1);
        expect(lines[0]).toMatch(/could not start/i);
        expect(app.stderr()).not.toMatch(/kv-secret-91|broker-token-55|platform-token-77|\n\s+at /);
      } finally {
        app.child.kill('SIGKILL');
        await emulator.close();
      }
    },
    60_000,
  );
});
