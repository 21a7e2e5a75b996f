import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

/** A broker or store this process started for a test, on a free loopback port. */
export interface SystemService {
  readonly host: string;
  readonly port: number;
  /** Stops it (SIGTERM, then SIGKILL after 5 s) and removes its files. */
  stop(): Promise<void>;
  /**
   * Stops it and starts it again on the same port (state is lost: nothing is persisted); `whileDown` runs in
   * between, for tests of what happens during an outage.
   */
  restart(options?: { whileDown?: () => Promise<void> }): Promise<void>;
}

const HOST = '127.0.0.1';
const running = new Set<ChildProcess>();
// Safety net for a test run that dies without its afterAll: no broker outlives the process that started it.
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

function findBinary(candidates: string[], pkg: string): string {
  const found = candidates.find((c) => fs.existsSync(c));
  if (!found) throw new Error(`${path.basename(candidates[0] ?? pkg)} is not installed (looked in ${candidates.join(', ')}): apt-get install -y ${pkg}`);
  return found;
}

/** A port nothing listens on right now. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, HOST, () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: HOST, port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

interface Spec {
  name: string;
  binary: string;
  args: string[];
  logFile: string;
}

async function launch(spec: Spec, port: number): Promise<ChildProcess> {
  const log = fs.openSync(spec.logFile, 'a');
  const child = spawn(spec.binary, spec.args, { stdio: ['ignore', log, log] });
  fs.closeSync(log);
  running.add(child);
  let exited: string | undefined;
  child.once('exit', (code, signal) => {
    running.delete(child);
    exited = `exited with ${code ?? signal}`;
  });
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    if (exited) break;
    if (await canConnect(port)) return child;
    await new Promise((r) => setTimeout(r, 20));
  }
  child.kill('SIGKILL');
  const output = fs.existsSync(spec.logFile) ? fs.readFileSync(spec.logFile, 'utf8').slice(-2000) : '';
  throw new Error(`${spec.name} did not start on port ${port} (${exited ?? 'timed out'}):\n${output}`);
}

function terminate(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = setTimeout(() => child.kill('SIGKILL'), 5000);
    child.once('exit', () => {
      clearTimeout(kill);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

async function startService(name: string, port: number, dir: string, makeSpec: () => Spec): Promise<SystemService> {
  let child = await launch(makeSpec(), port);
  return {
    host: HOST,
    port,
    async stop() {
      await terminate(child);
      fs.rmSync(dir, { recursive: true, force: true });
    },
    async restart(options = {}) {
      await terminate(child);
      await options.whileDown?.();
      child = await launch(makeSpec(), port);
    },
  };
}

/**
 * Starts a private Mosquitto broker on a free loopback port (anonymous access: the App's empty username and token
 * password are accepted as they are).
 * @example const broker = await startMosquitto(); ...; await broker.stop();
 */
export async function startMosquitto(): Promise<SystemService> {
  const binary = findBinary(['/usr/sbin/mosquitto', '/usr/bin/mosquitto'], 'mosquitto');
  const port = await freePort();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tc-mosquitto-'));
  const config = path.join(dir, 'mosquitto.conf');
  fs.writeFileSync(config, [`listener ${port} ${HOST}`, 'allow_anonymous true', 'persistence false', 'set_tcp_nodelay true', 'log_dest stderr', ''].join('\n'));
  return startService('mosquitto', port, dir, () => ({ name: 'mosquitto', binary, args: ['-c', config], logFile: path.join(dir, 'mosquitto.log') }));
}

/**
 * Starts a private redis-server on a free loopback port, keeping nothing on disk; with `password`, clients must
 * authenticate.
 * @example const redis = await startRedis({ password: 'pw' });
 */
export async function startRedis(options: { password?: string } = {}): Promise<SystemService> {
  const binary = findBinary(['/usr/bin/redis-server', '/usr/sbin/redis-server', '/usr/local/bin/redis-server'], 'redis-server');
  const port = await freePort();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tc-redis-'));
  const config = path.join(dir, 'redis.conf');
  const lines = [`port ${port}`, `bind ${HOST}`, 'save ""', 'appendonly no', `dir ${dir}`, 'daemonize no'];
  // In the config file rather than argv, so the password does not show in the process list.
  if (options.password) lines.push(`requirepass ${options.password}`);
  fs.writeFileSync(config, `${lines.join('\n')}\n`, { mode: 0o600 });
  return startService('redis-server', port, dir, () => ({ name: 'redis-server', binary, args: [config], logFile: path.join(dir, 'redis.log') }));
}
