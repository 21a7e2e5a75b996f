import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { findElfFiles, symbolVersionsOver, SYMBOL_VERSION_CEILINGS } from '../helpers/elf-versions';

// run.py, the entry ThreatConnect starts: it becomes the packaged runtime (same PID, environment, folder, arguments
// and exit code), or says in one line why it cannot. Run with every Python 3 this machine has: Debian's, and the
// versions pyenv holds (3.6 is the oldest the launcher supports).
const ROOT = path.resolve(__dirname, '../..');
const LAUNCHER = path.join(ROOT, 'run.py');
const SYSTEM_PYTHON = '/usr/bin/python3';
const PYENV = '/root/.pyenv/versions';
const PYTHONS = [
  SYSTEM_PYTHON,
  ...(fs.existsSync(PYENV)
    ? fs
        .readdirSync(PYENV)
        .filter((v) => /^3\.\d+\.\d+$/.test(v))
        .map((v) => path.join(PYENV, v, 'bin/python3'))
    : []),
].filter((p) => fs.existsSync(p));

/**
 * An App folder: run.py, runtime/node (`runtime`: the test's Node, a file to copy, or nothing), runtime/node-flags.json
 * (`flags`: its text, or none) and `app` as app.js.
 */
function appFolder(
  options: { runtime?: 'node' | { copyOf: string; mode?: number } | { bytes: Buffer; mode?: number } | 'none'; app?: string; flags?: string } = {},
): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'run-py-'));
  fs.chmodSync(dir, 0o755);
  fs.copyFileSync(LAUNCHER, path.join(dir, 'run.py'));
  fs.chmodSync(path.join(dir, 'run.py'), 0o644);
  fs.mkdirSync(path.join(dir, 'runtime'));
  fs.chmodSync(path.join(dir, 'runtime'), 0o755); // whatever the umask
  const runtime = path.join(dir, 'runtime/node');
  const spec = options.runtime ?? 'node';
  if (spec === 'node') fs.symlinkSync(process.execPath, runtime);
  else if (spec !== 'none') {
    if ('copyOf' in spec) fs.copyFileSync(spec.copyOf, runtime);
    else fs.writeFileSync(runtime, spec.bytes);
    fs.chmodSync(runtime, spec.mode ?? 0o755);
  }
  if (options.flags !== undefined) fs.writeFileSync(path.join(dir, 'runtime/node-flags.json'), options.flags);
  fs.writeFileSync(
    path.join(dir, 'app.js'),
    options.app ??
      `process.stdout.write(JSON.stringify({ argv: process.argv.slice(2), execArgv: process.execArgv, env: process.env, pid: process.pid, ppid: process.ppid, cwd: process.cwd(), exe: process.execPath }));
       process.exitCode = Number(process.argv[2] ?? 0);`,
  );
  return dir;
}

function launch(python: string, dir: string, args: string[] = [], options: { env?: NodeJS.ProcessEnv; cwd?: string; asUser?: number } = {}) {
  const command = options.asUser === undefined ? [python] : ['setpriv', `--reuid=${options.asUser}`, `--regid=${options.asUser}`, '--clear-groups', python];
  const result = spawnSync(command[0]!, [...command.slice(1), path.join(dir, 'run.py'), ...args], {
    cwd: options.cwd ?? dir,
    env: options.env ?? {},
    encoding: 'utf8',
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** The first 64 bytes of an ELF header: 64-bit little-endian, for the CPU `machine` (e_machine). */
function elfHeader(machine: number): Buffer {
  const head = Buffer.alloc(64);
  head.set([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1]);
  head.writeUInt16LE(2, 16);
  head.writeUInt16LE(machine, 18);
  return head;
}

const folders: string[] = [];
afterAll(() => folders.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));
const folder = (options?: Parameters<typeof appFolder>[0]) => {
  const dir = appFolder(options);
  folders.push(dir);
  return dir;
};

it('finds several Pythons to try, 3.6 among them when pyenv has it', () => {
  expect(PYTHONS).toContain(SYSTEM_PYTHON);
  if (fs.existsSync(path.join(PYENV, '3.6.15'))) expect(PYTHONS).toContain(path.join(PYENV, '3.6.15/bin/python3'));
});

it('is written for Python 3.6 (its grammar) and the standard library only', () => {
  const check = spawnSync(SYSTEM_PYTHON, ['-c', 'import ast,sys; ast.parse(open(sys.argv[1]).read(), feature_version=(3, 6))', LAUNCHER], { encoding: 'utf8' });
  expect(check.stderr).toBe('');
  expect(check.status).toBe(0);
  const imports = fs
    .readFileSync(LAUNCHER, 'utf8')
    .match(/^\s*(?:import|from)\s+(\w+)/gm)!
    .map((l) => l.trim().split(/\s+/)[1]);
  expect(new Set(imports)).toEqual(new Set(['json', 'os', 'sys']));
});

describe.each(PYTHONS)('with %s', (python) => {
  it('becomes the runtime: same PID, exactly the environment given, working folder, arguments and exit code', () => {
    const dir = folder();
    const elsewhere = fs.mkdtempSync(path.join(os.tmpdir(), 'run-py-cwd-'));
    folders.push(elsewhere);
    // The environment has no locale: Python 3.7+ then adds LC_CTYPE to its own; the runtime must not get it.
    const env = { TC_APP_PARAM_FILE: '/tmp/params.enc', TC_APP_PARAM_KEY: 'k3y with spaces', ODD: 'ä=b\tc' };
    const result = launch(python, dir, ['7', 'two words', '--inputs', 'x.json', ''], { env, cwd: elsewhere });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(7);
    const seen = JSON.parse(result.stdout) as { argv: string[]; execArgv: string[]; env: Record<string, string>; cwd: string; exe: string; pid: number };
    expect(seen.argv).toEqual(['7', 'two words', '--inputs', 'x.json', '']);
    expect(seen.execArgv).toEqual([]);
    expect(seen.env).toEqual(env);
    expect(seen.cwd).toBe(elsewhere);
    expect(fs.realpathSync(seen.exe)).toBe(fs.realpathSync(process.execPath));
  });

  it('exits 1 with one line when the runtime is missing', () => {
    const result = launch(python, folder({ runtime: 'none' }));
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^run\.py: cannot start the App: the bundled Node\.js runtime is missing: expected the file \/.*\/runtime\/node\n$/);
  });
});

it('starts the runtime with the options of runtime/node-flags.json, before app.js and its arguments', () => {
  const dir = folder({ flags: JSON.stringify({ flags: ['--max-semi-space-size=8', '--no-warnings'] }) });
  const result = launch(SYSTEM_PYTHON, dir, ['0', '--inputs', 'x.json']);
  expect(result).toMatchObject({ code: 0, stderr: '' });
  expect(JSON.parse(result.stdout)).toMatchObject({ execArgv: ['--max-semi-space-size=8', '--no-warnings'], argv: ['0', '--inputs', 'x.json'] });
});

it('adds the environment defaults of runtime/node-flags.json, where the platform does not set them itself', () => {
  const dir = folder({ flags: JSON.stringify({ flags: [], env: { MALLOC_MMAP_THRESHOLD_: '131072', MALLOC_ARENA_MAX: '2' } }) });
  const result = launch(SYSTEM_PYTHON, dir, ['0'], { env: { TC_APP_PARAM_FILE: '/tmp/p.enc', MALLOC_ARENA_MAX: '8' } });
  expect(result).toMatchObject({ code: 0, stderr: '' });
  expect(JSON.parse(result.stdout).env).toEqual({ TC_APP_PARAM_FILE: '/tmp/p.enc', MALLOC_ARENA_MAX: '8', MALLOC_MMAP_THRESHOLD_: '131072' });
});

it.each([
  [
    'environment defaults that are not strings',
    JSON.stringify({ flags: [], env: { MALLOC_ARENA_MAX: 2 } }),
    /the runtime options \/.*\/runtime\/node-flags\.json do not map names to strings under "env"$/,
  ],
  ['not JSON', '{flags: nope', /cannot read the runtime options \/.*\/runtime\/node-flags\.json: /],
  ['not options', JSON.stringify({ flags: ['rm -rf'] }), /the runtime options \/.*\/runtime\/node-flags\.json are not a list of --options under "flags"$/],
])('exits 1 with one line when runtime/node-flags.json is %s', (_name, text, message) => {
  const result = launch(SYSTEM_PYTHON, folder({ flags: text }));
  expect(result.code).toBe(1);
  expect(result.stderr.split('\n')).toHaveLength(2);
  expect(result.stderr.trimEnd()).toMatch(message);
});

it('exits 1 with one line when the runtime is not executable and cannot be made so', () => {
  const dir = folder({ runtime: { copyOf: '/bin/echo', mode: 0o644 } });
  const result = launch(SYSTEM_PYTHON, dir, [], { asUser: 65534 });
  expect(result.code).toBe(1);
  expect(result.stderr).toMatch(
    /^run\.py: cannot start the App: the bundled Node\.js runtime \/.*\/runtime\/node is not executable by this user \(uid 65534\)[^\n]*expected an executable file[^\n]*\n$/,
  );
  expect(fs.statSync(path.join(dir, 'runtime/node')).mode & 0o777).toBe(0o644);
});

it('makes its own runtime executable again when an unpacker dropped the mode bits', () => {
  const dir = folder({ runtime: { copyOf: '/bin/echo', mode: 0o644 } });
  const result = launch(SYSTEM_PYTHON, dir, ['hello']);
  expect(result).toMatchObject({ code: 0, stderr: '' });
  expect(result.stdout).toBe(`${path.join(dir, 'app.js')} hello\n`);
  expect(fs.statSync(path.join(dir, 'runtime/node')).mode & 0o777).toBe(0o755);
});

it.each([
  ['an ARM64 build', elfHeader(183), /is built for ARM64 \(aarch64\); expected x86-64 Linux$/],
  [
    'a 32-bit build',
    Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 1, 1, 1]), Buffer.alloc(57)]),
    /is not a 64-bit ELF executable; expected the x86-64 Linux build$/,
  ],
  ['a script', Buffer.from('#!/bin/sh\necho hi\n'), /is not a 64-bit ELF executable; expected the x86-64 Linux build$/],
])('exits 1 with one line when the runtime is %s', (_name, bytes, message) => {
  const result = launch(SYSTEM_PYTHON, folder({ runtime: { bytes } }));
  expect(result.code).toBe(1);
  expect(result.stderr.split('\n')).toHaveLength(2);
  expect(result.stderr.trimEnd()).toMatch(message);
});

it('exits 1 with one line when app.js is missing', () => {
  const dir = folder();
  fs.rmSync(path.join(dir, 'app.js'));
  const result = launch(SYSTEM_PYTHON, dir);
  expect(result).toMatchObject({ code: 1, stdout: '' });
  expect(result.stderr).toMatch(/^run\.py: cannot start the App: the App is missing: expected the file \/.*\/app\.js\n$/);
});

describe('the ELF check the package test applies', () => {
  it('flags a program built against a newer glibc (this machine’s ls)', () => {
    expect(symbolVersionsOver('/bin/ls', SYMBOL_VERSION_CEILINGS)).toContain('GLIBC_2.34');
  });

  it('finds ELF files by their magic number, not their name', () => {
    const dir = folder({ runtime: { copyOf: '/bin/echo' } });
    fs.copyFileSync('/bin/true', path.join(dir, 'not-a-binary.txt'));
    expect(
      findElfFiles(dir)
        .map((f) => path.relative(dir, f))
        .sort(),
    ).toEqual(['not-a-binary.txt', 'runtime/node']);
  });
});
