import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import AdmZip from 'adm-zip';
import { simulatorInputs } from '../../app/testing/start-app-stack';
import { startSentinelSimulator, type SentinelSimulator } from '../../app/testing/sentinel-simulator';
import { startTcSimulator, type TcSimulator } from '../../sdk/testing/tc-simulator';
import { eventually } from '../helpers/eventually';

// `npm run package` end to end: the .tcx's layout, and the unpacked bundle running on its own (outside the
// repository, so only what the package holds is there to load).
const ROOT = path.resolve(__dirname, '../..');
const OUT = path.join(ROOT, 'tests/artifacts', `package-${process.pid}`);
const UNPACKED = fs.mkdtempSync(path.join(os.tmpdir(), 'tcx-'));
const FOLDER = 'TCVA_-_Microsoft_Sentinel_v1';
let entries: string[] = [];

beforeAll(async () => {
  const { stdout } = await promisify(execFile)(process.execPath, [path.join(ROOT, 'scripts/package.mjs'), '--out', OUT], { cwd: ROOT });
  expect(stdout).toMatch(new RegExp(`wrote .*${FOLDER}\\.tcx`));
  const zip = new AdmZip(path.join(OUT, `${FOLDER}.tcx`));
  entries = zip.getEntries().map((e) => e.entryName);
  zip.extractAllTo(UNPACKED, true, true);
}, 120_000);
afterAll(() => {
  fs.rmSync(OUT, { recursive: true, force: true });
  fs.rmSync(UNPACKED, { recursive: true, force: true });
});

describe('the .tcx package', () => {
  it('has one top-level folder named for the App and its major version', () => {
    expect(new Set(entries.map((e) => e.split('/')[0]))).toEqual(new Set([FOLDER]));
  });

  it('holds the manifest, the runtime, the UI and the native module, and nothing else', () => {
    const inside = entries.map((e) => e.slice(FOLDER.length + 1));
    for (const file of ['install.json', 'layout.json', 'README.md', 'app.js', 'ui/index.html', 'node_modules/better-sqlite3/build/Release/better_sqlite3.node']) expect(inside).toContain(file);
    expect(inside.filter((f) => /(^|\/)(tests?|\.git|src)\/|\.ts$|app_inputs\.json|\.map$/.test(f) && !f.startsWith('node_modules/'))).toEqual([]);
    const install = JSON.parse(fs.readFileSync(path.join(UNPACKED, FOLDER, 'install.json'), 'utf8')) as { programMain: string; programVersion: string };
    expect(inside).toContain(install.programMain);
    expect(install.programVersion.split('.')[0]).toBe('1');
  });

  describe('unpacked and started the way the platform starts it', () => {
    let tc: TcSimulator;
    let sentinel: SentinelSimulator;
    beforeAll(async () => {
      [tc, sentinel] = await Promise.all([startTcSimulator({ indicatorCount: 50 }), startSentinelSimulator()]);
    });
    afterAll(() => Promise.all([tc?.close(), sentinel?.close()]));

    it('serves its health, its UI and its API from the bundle alone', async () => {
      const dir = path.join(UNPACKED, FOLDER);
      const server = net.createServer();
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      const port = (server.address() as net.AddressInfo).port;
      await new Promise((r) => server.close(r));
      fs.writeFileSync(path.join(UNPACKED, 'inputs.json'), JSON.stringify({ ...simulatorInputs(tc, sentinel, path.join(UNPACKED, 'run')), service_port: String(port) }));
      const child = spawn(process.execPath, [install().programMain, '--inputs', path.join(UNPACKED, 'inputs.json')], { cwd: dir, env: { PATH: process.env.PATH }, stdio: 'ignore' });
      const exited = new Promise<number | null>((r) => child.once('exit', r));
      try {
        const base = `http://127.0.0.1:${port}/`;
        const health = await eventually(async () => (await fetch(`${base}api/health`)).json() as Promise<{ status: string }>, { timeoutMs: 20_000 });
        expect(health.status).toBe('ok');
        const page = await fetch(base);
        expect(page.status).toBe(200);
        expect(await page.text()).toMatch(/<script[^>]+src="ui\/main-[A-Za-z0-9]+\.js"/);
        expect((await (await fetch(`${base}api/config`)).json()) as object).toMatchObject({ queries: [], nextUpdate: expect.any(String) });
      } finally {
        child.kill('SIGTERM');
        expect(await exited).toBe(0);
      }
      function install(): { programMain: string } {
        return JSON.parse(fs.readFileSync(path.join(dir, 'install.json'), 'utf8')) as { programMain: string };
      }
    }, 60_000);
  });
});
