import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { simulatorInputs } from '../../../app/testing/start-app-stack';
import { startSentinelSimulator, type SentinelSimulator } from '../../../app/testing/sentinel-simulator';
import { startTcSimulator, type TcSimulator } from '../../../sdk/testing/tc-simulator';
import { TC_INDICATOR_TYPES } from '../../../sdk/threatconnect/types';
import { ROOT, tempDir } from './e2e-kit';

// `npm run export` as a user runs it: its own process, inputs from a JSON file, the exit code and what it prints.
const WORK = tempDir('cli');
let tc: TcSimulator;
let sentinel: SentinelSimulator;
let caFile = '';

beforeAll(async () => {
  [tc, sentinel] = await Promise.all([startTcSimulator({ indicatorCount: 600, seed: 8, malformedCount: 2 }), startSentinelSimulator()]);
  caFile = path.join(WORK, 'ca.pem');
  fs.writeFileSync(caFile, sentinel.ca);
  fs.writeFileSync(
    path.join(WORK, 'queries.json'),
    JSON.stringify([
      { owners: tc.owners.map((o) => o.name), indicatorTypes: TC_INDICATOR_TYPES, tql: 'rating >= 0', sortField: 'dateAdded', sortDirection: 'asc' },
    ]),
  );
}, 60_000);
afterAll(async () => {
  await Promise.all([tc?.close(), sentinel?.close()]);
  fs.rmSync(WORK, { recursive: true, force: true });
});

function runCli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(ROOT, 'scripts/export.mjs'), ...args], {
      cwd: WORK,
      env: { PATH: process.env.PATH, NODE_EXTRA_CA_CERTS: caFile },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

function writeInputs(name: string, overrides: Record<string, unknown> = {}): string {
  const file = path.join(WORK, `${name}.json`);
  fs.writeFileSync(file, JSON.stringify({ ...simulatorInputs(tc, sentinel, path.join(WORK, name)), ...overrides }));
  return file;
}

describe('npm run export', () => {
  it('runs one full update to the end, prints its progress and a summary, and exits 0', async () => {
    sentinel.faults.next({ delayMs: 700, times: 7, match: ':upload' }); // slow enough to watch it upload
    const { code, stdout, stderr } = await runCli(['--inputs', writeInputs('good'), '--mode', 'full', '--config', 'queries.json']);
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    expect(stdout).toMatch(/Upload In Progress/);
    expect(stdout).toMatch(/^Job [0-9a-f-]{36} \(ad-hoc, full\): Upload Complete$/m);
    expect(stdout).toMatch(/converted \d+ STIX objects, 2 indicators could not be converted/);
    expect(sentinel.store.size).toBeGreaterThan(500);
  }, 60_000);

  it('runs a delta from the saved configuration the next time, sending nothing new', async () => {
    const { code, stdout } = await runCli(['--inputs', path.join(WORK, 'good.json'), '--mode', 'delta']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/\(ad-hoc, delta\): Upload Complete/);
    expect(stdout).toMatch(/uploaded 0,/);
  }, 60_000);

  it.each([
    [
      'a wrong client secret',
      () => ['--inputs', writeInputs('badsecret', { client_secret: 'wrong-secret-77' }), '--mode', 'full', '--config', 'queries.json'],
      /export failed: .*Check the Client Secret parameter/,
    ],
    [
      'invalid inputs',
      () => ['--inputs', writeInputs('badttl', { ttl_hours_url: '-1', client_id: '' }), '--mode', 'full'],
      /export failed: Invalid inputs \(2 problems\): client_id \(Client ID\) is required; ttl_hours_url/,
    ],
    ['an unknown mode', () => ['--inputs', 'x.json', '--mode', 'sideways'], /export failed: --mode must be full or delta, got "sideways"/],
    ['no inputs', () => ['--mode', 'full'], /export failed: --inputs is required/],
  ])(
    'exits 1 with the reason for %s',
    async (_name, args, expected) => {
      const { code, stderr, stdout } = await runCli(args());
      expect(code).toBe(1);
      expect(stderr).toMatch(expected);
      expect(stderr + stdout).not.toContain('wrong-secret-77');
    },
    60_000,
  );
});
