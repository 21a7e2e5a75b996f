import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { build } from 'esbuild';

export interface SimsInfo {
  tc: { apiPath: string; credentials: { accessId: string; secretKey: string }; owners: string[] };
  sentinel: { apiUrl: string; authorityHost: string; ca: string; credentials: { tenantId: string; clientId: string; clientSecret: string }; workspaceId: string };
}

export interface SimsStats {
  stored: number;
  uploads: number;
  throttled: number;
  /** Arrival times of the accepted uploads, in order. */
  acceptedAt: number[];
}

export interface SimProcess {
  info: SimsInfo;
  /** Stops the simulators and returns what Sentinel received. */
  stop(): Promise<SimsStats>;
}

const ROOT = path.resolve(__dirname, '../..');

/** Starts scripts/bench/simulators.ts in a child process and waits for its addresses. */
export async function startSimProcess(options: { indicators: number; sentinel?: Record<string, unknown> }): Promise<SimProcess> {
  const outfile = path.join(ROOT, 'dist/bench/simulators.js');
  await build({ entryPoints: [path.join(ROOT, 'scripts/bench/simulators.ts')], outfile, bundle: true, platform: 'node', format: 'cjs', target: 'node20', packages: 'external', logLevel: 'warning' });
  const child: ChildProcess = spawn(process.execPath, ['--max-old-space-size=4096', outfile, JSON.stringify(options)], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  let buffer = '';
  const lines: Array<(line: string) => void> = [];
  child.stdout!.on('data', (chunk: Buffer) => {
    buffer += chunk.toString();
    let nl;
    while ((nl = buffer.indexOf('\n')) >= 0) {
      const line = buffer.slice(0, nl);
      buffer = buffer.slice(nl + 1);
      for (const listener of lines) listener(line);
    }
  });
  const next = (prefix: string) =>
    new Promise<string>((resolve, reject) => {
      child.once('exit', (code) => reject(new Error(`the simulators exited with ${code}`)));
      lines.push((line) => line.startsWith(prefix) && resolve(line.slice(prefix.length)));
    });
  const info = JSON.parse(await next('SIMS ')) as SimsInfo;
  return {
    info,
    async stop() {
      const stats = next('STATS ');
      child.kill('SIGTERM');
      return JSON.parse(await stats) as SimsStats;
    },
  };
}
