// The App under benchmark: the real service (engine, SQLite state, staging files, upload client) started in this
// process against simulators running in a child process (sim-process.ts), driven through its own HTTP API, and a
// job timed with what it cost (statuses, bytes written, CPU, event-loop delay).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { Job, Task } from '../../app/export/types';
import { createSentinelApp, type SentinelAppOptions } from '../../app/index';
import { APP_INPUT_RULES } from '../../app/inputs';
import type { SentinelSimulator } from '../../app/testing/sentinel-simulator';
import { reconcileInputs, simulatorInputs } from '../../app/testing/start-app-stack';
import { resolveInputs, loadManifest, startService } from '../../sdk';
import type { TcSimulator } from '../../sdk/testing';
import type { SimsInfo } from './sim-process';

const ROOT = path.resolve(__dirname, '../..');

export type Api = <T>(method: string, route: string, body?: unknown) => Promise<T>;

export interface BenchApp {
  api: Api;
  stop(): Promise<void>;
}

/** Starts the App against the simulators of `info` (`reconcile`: with the management parameters set). */
export async function startBenchApp(info: SimsInfo, app: SentinelAppOptions, options: { reconcile?: boolean } = {}): Promise<BenchApp> {
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-app-'));
  const sentinel = info.sentinel as unknown as SentinelSimulator;
  const raw = { ...simulatorInputs(info.tc as unknown as TcSimulator, sentinel, workDir), ...(options.reconcile ? reconcileInputs(sentinel) : {}) };
  const { install } = loadManifest(ROOT, { rules: APP_INPUT_RULES });
  const inputs = resolveInputs(install, raw, APP_INPUT_RULES);
  const service = await startService(createSentinelApp({ ca: info.sentinel.ca, uiDir: workDir, ...app }), inputs, {
    installDir: ROOT,
    flags: { host: '127.0.0.1', port: '0', noToken: true },
    console: false,
  });
  const base = service.url!.endsWith('/') ? service.url! : `${service.url}/`;
  const api: Api = async <T>(method: string, route: string, body?: unknown): Promise<T> => {
    const res = await fetch(new URL(route, base), {
      method,
      headers: body ? { 'content-type': 'application/json' } : {},
      body: body ? JSON.stringify(body) : undefined,
    });
    if (!res.ok) throw new Error(`${method} ${route}: ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  };
  return {
    api,
    async stop() {
      await service.shutdown('benchmark done');
      fs.rmSync(workDir, { recursive: true, force: true });
    },
  };
}

export interface TimedJob {
  job: Job & { tasks: Task[] };
  seconds: number;
  /** Seconds from the job's start to each status it went through. */
  stages: Record<string, number>;
  /** Bytes this process had written to storage when each status was first seen (Linux only). */
  written: Record<string, number>;
  appCpuSeconds: number;
  /** The App's event loop: the longest it was held up during the job, and its 99th percentile (ms). */
  loopDelayMs: { max: number; p99: number };
}

/** One job through the API, timed: its statuses, the bytes written, the App's CPU and event-loop delay. */
export async function timeJob(api: Api, mode: 'full' | 'delta', body: Record<string, unknown> = {}): Promise<TimedJob> {
  const cpuBefore = process.cpuUsage();
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  const { requestId } = await startWhenFree(api, { mode, ...body });
  const started = Date.now();
  const stages: Record<string, number> = {};
  const written: Record<string, number> = {};
  let job: TimedJob['job'];
  for (;;) {
    job = await api<TimedJob['job']>('GET', `api/jobs/${requestId}`);
    if (stages[job.status] === undefined) {
      stages[job.status] = (Date.now() - started) / 1000;
      written[job.status] = writtenBytes();
    }
    if (process.env.BENCH_DEBUG) {
      const m = process.memoryUsage();
      console.error(
        job.status,
        JSON.stringify(job.counts),
        Object.entries(m)
          .map(([k, v]) => `${k} ${Math.round(v / 2 ** 20)}`)
          .join(' '),
        fs
          .readFileSync('/proc/self/status', 'utf8')
          .split('\n')
          .filter((l) => /^(RssAnon|RssFile|VmHWM)/.test(l))
          .map((l) => l.replace(/\s+/g, ' '))
          .join(' '),
      );
    }
    if (job.endedAt) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  const seconds = (Date.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  loop.disable();
  if (job.status !== 'Upload Complete') throw new Error(`the job ended ${job.status}: ${job.error ?? ''}`);
  return {
    job,
    seconds,
    stages,
    written,
    appCpuSeconds: (cpu.user + cpu.system) / 1e6,
    loopDelayMs: { max: Math.round(loop.max / 1e6), p99: Math.round(loop.percentile(99) / 1e6) },
  };
}

/**
 * Starts a job, waiting while the previous one's follow-up (its state copy, its reconciliation) still holds the
 * engine: the service answers 409 saying so, and a script waits as a person would.
 */
async function startWhenFree(api: Api, body: Record<string, unknown>): Promise<{ requestId: string }> {
  for (const deadline = Date.now() + 600_000; ;) {
    try {
      return await api<{ requestId: string }>('POST', 'api/jobs', body);
    } catch (err) {
      if (!/: 409 .* after job /.test(String(err)) || Date.now() > deadline) throw err;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

export const round = (value: number, digits = 1) => Math.round(value * 10 ** digits) / 10 ** digits;

/** Bytes this process has caused to be written to storage (staging files, SQLite and its WAL); 0 off Linux. */
export function writtenBytes(): number {
  try {
    return Number(/^write_bytes: (\d+)$/m.exec(fs.readFileSync('/proc/self/io', 'utf8'))?.[1] ?? 0);
  } catch {
    return 0;
  }
}

/** Each task's share of the run, as the engine recorded it (name: seconds, and what it said of itself). */
export function taskSeconds(tasks: Task[]): string {
  return tasks.map((t) => `${t.name} ${round((t.durationMs ?? 0) / 1000)} s${t.result ? ` (${t.result})` : ''}`).join('; ');
}

/** Seconds the tasks of one kind took (overlapping tasks each count in full). */
export function taskSecondsOf(tasks: Task[], kind: Task['kind']): number {
  return round(tasks.filter((t) => t.kind === kind).reduce((sum, t) => sum + (t.durationMs ?? 0), 0) / 1000);
}

/**
 * This process's peak RSS over a stretch of a benchmark: Linux's high-water mark (VmHWM in /proc/self/status), set
 * back to the current RSS when the stretch begins (`5` written to /proc/self/clear_refs), so that a spike between
 * two samples counts too. Where that cannot be done, the largest of samples taken every 20 ms.
 */
export function peakRssMeter(): { reset(): void; mb(): number; stop(): void } {
  let exact = false;
  let sampled = 0;
  const sampler = setInterval(() => (sampled = Math.max(sampled, process.memoryUsage.rss())), 20);
  const highWaterKb = () => Number(/^VmHWM:\s+(\d+) kB/m.exec(fs.readFileSync('/proc/self/status', 'utf8'))?.[1] ?? 0);
  return {
    reset() {
      sampled = process.memoryUsage.rss();
      try {
        fs.writeFileSync('/proc/self/clear_refs', '5');
        exact = highWaterKb() > 0;
      } catch {
        exact = false;
      }
    },
    mb: () => Math.round(Math.max(sampled, exact ? highWaterKb() * 1024 : 0) / 2 ** 20),
    stop: () => clearInterval(sampler),
  };
}
