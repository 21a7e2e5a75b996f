import { spawn } from 'node:child_process';
import path from 'node:path';
import { build } from 'esbuild';

export interface SimsOptions {
  /** Indicators the ThreatConnect simulator generates. */
  indicators?: number;
  /** Sentinel simulator settings (limits, validation). */
  sentinel?: Record<string, unknown>;
}

export interface SimsInfo {
  tc: { apiPath: string; credentials: { accessId: string; secretKey: string }; owners: string[] };
  sentinel: {
    apiUrl: string;
    authorityHost: string;
    managementUrl: string;
    ca: string;
    credentials: { tenantId: string; clientId: string; clientSecret: string };
    workspaceId: string;
    /** The workspace as the management API addresses it. */
    management: { target: { subscriptionId: string; resourceGroup: string; workspaceName: string } };
  };
}

export interface SimsStats {
  /** Objects Sentinel holds. */
  stored: number;
  uploads: number;
  /** Uploads answered 429. */
  throttled: number;
  /** Arrival times of the accepted uploads, in order. */
  acceptedAt: number[];
  /** Objects in the accepted uploads. */
  uploadedObjects: number;
  /** Management API requests: query (pages), count, and those answered 429. */
  queries: number;
  counts: number;
  managementThrottled: number;
  /** CPU the simulators' process used so far. */
  cpuSeconds: number;
  peakRssMb: number;
}

export interface SimProcess {
  info: SimsInfo;
  /** What Sentinel has received so far, and what the process used. */
  stats(): Promise<SimsStats>;
  /**
   * Changes the confidence of `count` ThreatConnect indicators spread evenly over the set (their STIX content
   * changes); resolves with their ids.
   */
  change(count: number): Promise<number[]>;
  stop(): Promise<void>;
}

const ROOT = path.resolve(__dirname, '../..');

/**
 * Starts scripts/bench/simulators.ts in a child process and waits for its addresses.
 * @example const sims = await startSimProcess({ indicators: 1000, sentinel: { windowMs: 2000 } }); … await sims.stop();
 */
export async function startSimProcess(options: SimsOptions): Promise<SimProcess> {
  const outfile = path.join(ROOT, 'dist/bench/simulators.js');
  await build({
    entryPoints: [path.join(ROOT, 'scripts/bench/simulators.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node24',
    packages: 'external',
    logLevel: 'warning',
  });
  // A million stored objects need more than the default heap. BENCH_SIM_PROFILE=<dir> writes a CPU profile there.
  const profile = process.env.BENCH_SIM_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_SIM_PROFILE}`] : [];
  const child = spawn(process.execPath, ['--max-old-space-size=6144', ...profile, outfile, JSON.stringify(options)], {
    cwd: ROOT,
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const killChild = () => child.kill();
  process.once('exit', killChild);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let buffer = '';
  const listeners: Array<(line: string) => void> = [];
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (chunk: string) => {
    buffer += chunk;
    let nl;
    while ((nl = buffer.indexOf('\n')) >= 0) {
      const line = buffer.slice(0, nl);
      buffer = buffer.slice(nl + 1);
      for (const listener of listeners) listener(line);
    }
  });
  const next = (prefix: string) =>
    new Promise<string>((resolve, reject) => {
      const onExit = (code: number | null) => reject(new Error(`the simulators exited with ${code}`));
      child.once('exit', onExit);
      const listener = (line: string) => {
        if (!line.startsWith(prefix)) return;
        listeners.splice(listeners.indexOf(listener), 1);
        child.off('exit', onExit);
        resolve(line.slice(prefix.length));
      };
      listeners.push(listener);
    });
  const info = JSON.parse(await next('SIMS ')) as SimsInfo;
  return {
    info,
    async stats() {
      const line = next('STATS ');
      child.stdin.write('stats\n');
      return JSON.parse(await line) as SimsStats;
    },
    async change(count) {
      const line = next('CHANGED ');
      child.stdin.write(`change ${count}\n`);
      return JSON.parse(await line) as number[];
    },
    async stop() {
      process.off('exit', killChild);
      child.stdin.end();
      await exited;
    },
  };
}
