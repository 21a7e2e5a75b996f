import { execFile, execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import AdmZip from 'adm-zip';
import { simulatorInputs } from '../../app/testing/start-app-stack';
import { startSentinelSimulator, type SentinelSimulator } from '../../app/testing/sentinel-simulator';
import { startCoreEmulator, type CoreEmulator } from '../../sdk/testing/core-emulator';
import { startMosquitto, startRedis, type SystemService } from '../../sdk/testing/system-services';
import { startTcSimulator, type TcSimulator } from '../../sdk/testing/tc-simulator';
import { eventually } from '../helpers/eventually';
import { writeParamFile } from '../helpers/param-file';
import { findElfFiles, symbolVersionsOver, SYMBOL_VERSION_CEILINGS } from '../helpers/elf-versions';

// `npm run package` end to end: the .tcx's layout, what its native code needs, and the unpacked bundle started the
// way ThreatConnect starts a Python App (`python3 run.py` in the App folder, nothing in the environment but the
// encrypted param file) where no system Node.js can be reached.
const ROOT = path.resolve(__dirname, '../..');
const OUT = path.join(ROOT, 'tests/artifacts', `package-${process.pid}`);
const UNPACKED = fs.mkdtempSync(path.join(os.tmpdir(), 'tcx-'));
const FOLDER = 'TCVA_-_Microsoft_Sentinel_v1';
const APP_DIR = path.join(UNPACKED, FOLDER);
const SYSTEM_PYTHON = '/usr/bin/python3';
let entries: AdmZip.IZipEntry[] = [];
let tcxBytes = 0;

beforeAll(async () => {
  const { stdout } = await promisify(execFile)(process.execPath, [path.join(ROOT, 'scripts/package.mjs'), '--out', OUT], { cwd: ROOT });
  expect(stdout).toMatch(new RegExp(`wrote .*${FOLDER}\\.tcx`));
  const tcx = path.join(OUT, `${FOLDER}.tcx`);
  tcxBytes = fs.statSync(tcx).size;
  const zip = new AdmZip(tcx);
  entries = zip.getEntries();
  zip.extractAllTo(UNPACKED, true, true);
}, 180_000);
afterAll(() => {
  fs.rmSync(OUT, { recursive: true, force: true });
  fs.rmSync(UNPACKED, { recursive: true, force: true });
});

const inside = () => entries.map((e) => e.entryName.slice(FOLDER.length + 1));
const installJson = () => JSON.parse(fs.readFileSync(path.join(APP_DIR, 'install.json'), 'utf8')) as Record<string, string>;

describe('the .tcx package', () => {
  it('has one top-level folder named for the App and its major version', () => {
    expect(new Set(entries.map((e) => e.entryName.split('/')[0]))).toEqual(new Set([FOLDER]));
  });

  it('holds the manifest, the launcher, the runtime, the App and the UI, and nothing else', () => {
    const files = inside();
    const fixed = files.filter((f) => !/^ui\/main-[A-Za-z0-9]+\.(js|css)$/.test(f)).sort();
    expect(fixed).toEqual([
      'README.md',
      'app.js',
      'convert-worker.js',
      'install.json',
      'layout.json',
      'run.py',
      'runtime/LICENSE',
      'runtime/node',
      'runtime/node-flags.json',
      'ui/index.html',
    ]);
    expect(files.filter((f) => f.startsWith('ui/main-'))).toHaveLength(2);
  });

  it('is started as a Python App: install.json names run.py, which is executable, as is the runtime', () => {
    expect(installJson()).toMatchObject({ programLanguage: 'PYTHON', programMain: 'run.py', languageVersion: '3.11', runtimeLevel: 'ApiService' });
    expect(installJson().programVersion?.split('.')[0]).toBe('1');
    const mode = (name: string) => (entries.find((e) => e.entryName === `${FOLDER}/${name}`)!.attr >>> 16) & 0o777;
    expect(mode('run.py')).toBe(0o755);
    expect(mode('runtime/node')).toBe(0o755);
    expect(mode('app.js')).toBe(0o644);
  });

  it('carries the runtime the tests run on, and weighs at most 64 MiB', () => {
    expect(execFileSync(path.join(APP_DIR, 'runtime/node'), ['--version'], { encoding: 'utf8' }).trim()).toBe(process.version);
    expect(tcxBytes).toBeLessThanOrEqual(64 * 2 ** 20);
  });

  it('has no native code needing more than glibc 2.28, GLIBCXX 3.4.25 or CXXABI 1.3.11', () => {
    const elves = findElfFiles(APP_DIR);
    expect(elves.map((f) => path.relative(APP_DIR, f))).toEqual(['runtime/node']);
    expect(versionsOverCeilings(elves)).toEqual([]);
  });

  describe('unpacked and started the way the platform starts it', () => {
    let tc: TcSimulator;
    let sentinel: SentinelSimulator;
    let broker: SystemService;
    let redis: SystemService;
    beforeAll(async () => {
      [tc, sentinel, broker, redis] = await Promise.all([
        startTcSimulator({ indicatorCount: 50 }),
        startSentinelSimulator(),
        startMosquitto(),
        startRedis({ password: 'kv-pass-3' }),
      ]);
    }, 60_000);
    afterAll(() => Promise.all([tc?.close(), sentinel?.close(), broker?.stop(), redis?.stop()]));

    /** `python3 run.py` in the App folder, in a mount namespace where the system node is /dev/null. */
    function startAsPlatform(core: CoreEmulator, work: string): { child: ChildProcess; exit: Promise<number | null>; stderr: () => string } {
      fs.mkdirSync(work, { recursive: true });
      const env = writeParamFile(path.join(work, 'params.enc'), {
        ...simulatorInputs(tc, sentinel, work),
        tc_token: 'platform-token-9',
        tc_token_expires: String(Math.floor(Date.now() / 1000) + 3600),
        tc_svc_broker_host: '127.0.0.1',
        tc_svc_broker_port: String(broker.port),
        tc_svc_broker_token: 'broker-token-4',
        tc_svc_server_topic: core.serverTopic,
        tc_svc_client_topic: core.clientTopic,
        tc_svc_hb_timeout_seconds: '30',
        tc_kvstore_host: '127.0.0.1',
        tc_kvstore_port: String(redis.port),
        tc_kvstore_pass: 'kv-pass-3',
        tc_playbook_kvstore_id: '3',
      });
      const systemNode = fs.realpathSync('/usr/bin/node');
      // The shell hides the system node, proves it cannot run, then becomes python3 with only the param file's
      // variables; run.py then becomes the packaged runtime: one PID throughout.
      const script = `mount --bind /dev/null ${systemNode} && if ${systemNode} --version >/dev/null 2>&1; then echo "system node still runs" >&2; exit 97; fi; exec /usr/bin/env -i TC_APP_PARAM_FILE="$1" TC_APP_PARAM_KEY="$2" ${SYSTEM_PYTHON} run.py`;
      const child = spawn('unshare', ['--mount', '--propagation', 'private', '/bin/sh', '-c', script, 'sh', env.TC_APP_PARAM_FILE, env.TC_APP_PARAM_KEY], {
        cwd: APP_DIR,
        env: {},
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      let err = '';
      child.stderr!.on('data', (c: Buffer) => (err += c.toString()));
      return { child, exit: new Promise((r) => child.once('exit', (code) => r(code))), stderr: () => err };
    }

    const appProcesses = () =>
      fs.readdirSync('/proc').filter((pid) => {
        if (!/^\d+$/.test(pid)) return false;
        try {
          return fs.readlinkSync(`/proc/${pid}/exe`) === path.join(APP_DIR, 'runtime/node');
        } catch {
          return false;
        }
      });

    it('answers Ready, a RunService request, Heartbeat and Shutdown (exit 0) with no system node in reach', async () => {
      expect(process.getuid?.()).toBe(0); // a mount namespace needs root (the tests run as root on this machine)
      const core = await startCoreEmulator({
        broker: { port: broker.port },
        redis: { port: redis.port, password: 'kv-pass-3', db: 3 },
        apiToken: tc.issueToken({ service: true }).token,
      });
      const app = startAsPlatform(core, path.join(UNPACKED, 'run-1'));
      try {
        await core.waitForReady(30_000);
        // run.py replaced itself: the PID the platform started is the packaged runtime now.
        expect(fs.readlinkSync(`/proc/${app.child.pid}/exe`)).toBe(path.join(APP_DIR, 'runtime/node'));
        const flags = (JSON.parse(fs.readFileSync(path.join(APP_DIR, 'runtime/node-flags.json'), 'utf8')) as { flags: string[] }).flags;
        expect(fs.readFileSync(`/proc/${app.child.pid}/cmdline`, 'utf8').split('\0').slice(0, -1)).toEqual([
          path.join(APP_DIR, 'runtime/node'),
          ...flags,
          path.join(APP_DIR, 'app.js'),
        ]);
        expect(fs.existsSync(path.join(UNPACKED, 'run-1', 'params.enc'))).toBe(false);
        const health = await core.request('GET', 'api/health');
        expect(health.json()).toMatchObject({ status: 'ok', service: { transport: 'core', broker: 'connected' } });
        const owners = await core.request('GET', 'api/owners');
        expect(owners.status).toBe(200);
        expect((await core.heartbeat()).metric).toMatchObject({ Requests: 2, Responses: 2 });
        expect(await core.shutdown()).toEqual({ command: 'Acknowledged', type: 'Shutdown' });
        expect(await app.exit).toBe(0);
        expect(app.stderr()).toBe('');
        // What it wrote is its own: state, logs and staging 0600 in 0700 folders.
        const work = path.join(UNPACKED, 'run-1');
        for (const file of ['out', 'out/state.db', 'log', 'log/app.log', 'tmp']) {
          const mode = fs.statSync(path.join(work, file)).mode;
          expect([file, mode & 0o077]).toEqual([file, 0]);
        }
      } finally {
        app.child.kill('SIGKILL');
        await core.close();
      }
    }, 90_000);

    it('leaves no process behind when the platform kills the PID it started', async () => {
      const core = await startCoreEmulator({ broker: { port: broker.port }, redis: { port: redis.port, password: 'kv-pass-3', db: 3 } });
      const app = startAsPlatform(core, path.join(UNPACKED, 'run-2'));
      try {
        await core.waitForReady(30_000);
        expect(appProcesses()).toEqual([String(app.child.pid)]);
        app.child.kill('SIGKILL');
        await app.exit;
        await eventually(async () => expect(appProcesses()).toEqual([]), { timeoutMs: 5000 });
      } finally {
        app.child.kill('SIGKILL');
        await core.close();
      }
    }, 90_000);

    it('runs standalone from the bundle alone: run.py passes its arguments on', async () => {
      const server = net.createServer();
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      const port = (server.address() as net.AddressInfo).port;
      await new Promise((r) => server.close(r));
      const inputs = path.join(UNPACKED, 'inputs.json');
      fs.writeFileSync(inputs, JSON.stringify({ ...simulatorInputs(tc, sentinel, path.join(UNPACKED, 'run-3')), service_port: String(port) }));
      const child = spawn(SYSTEM_PYTHON, ['run.py', '--inputs', inputs, '--no-token'], { cwd: APP_DIR, env: {}, stdio: 'ignore' });
      const exited = new Promise<number | null>((r) => child.once('exit', r));
      try {
        const base = `http://127.0.0.1:${port}/`;
        const health = await eventually(async () => (await fetch(`${base}api/health`)).json() as Promise<{ status: string }>, { timeoutMs: 20_000 });
        expect(health.status).toBe('ok');
        const page = await fetch(base);
        expect(page.status).toBe(200);
        expect(await page.text()).toMatch(/<script[^>]+src="v1\/ui\/main-[A-Za-z0-9]+\.js"/);
      } finally {
        child.kill('SIGTERM');
        expect(await exited).toBe(0);
      }
    }, 60_000);
  });
});

function versionsOverCeilings(files: string[]): string[] {
  return files.flatMap((file) => symbolVersionsOver(file, SYMBOL_VERSION_CEILINGS).map((v) => `${path.basename(file)} needs ${v}`));
}
