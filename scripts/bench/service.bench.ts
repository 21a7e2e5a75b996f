// RunService round trips through a real broker and Redis: the Core emulator publishes each request (body into
// Redis first), the Core transport serves it in-process through the express app, and the emulator reads the
// answer back. Measured one at a time and with 16 in flight. Run: node scripts/bench/run.mjs service
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createLogger, createHttpApp, startCoreTransport } from '../../sdk';
import { startCoreEmulator, type CoreEmulator, startMosquitto, startRedis } from '../../sdk/testing';
import { reportBench } from './report';

const SEQUENTIAL = Number(process.env.BENCH_SEQUENTIAL ?? 2000);
const CONCURRENT = Number(process.env.BENCH_CONCURRENT ?? 6000);
const IN_FLIGHT = 16;
const BODY = { owners: ['ABC-Owner'], indicatorTypes: ['Address', 'Host', 'URL'], tql: 'rating >= 3 and confidence > 50', note: 'x'.repeat(600) };

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

/** Runs `count` requests with `inFlight` outstanding at a time; latencies in ms and the wall time. */
async function measure(core: CoreEmulator, count: number, inFlight: number): Promise<{ latencies: number[]; seconds: number }> {
  const latencies: number[] = [];
  let next = 0;
  const started = process.hrtime.bigint();
  const worker = async () => {
    while (next < count) {
      const i = next++;
      const t0 = process.hrtime.bigint();
      const res = i % 2 === 0 ? await core.request('GET', 'api/ping', { query: { i: String(i) } }) : await core.request('PUT', 'api/echo', { body: BODY });
      if (res.status !== 200) throw new Error(`request ${i} answered ${res.status}`);
      latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
    }
  };
  await Promise.all(Array.from({ length: inFlight }, worker));
  return { latencies: latencies.sort((a, b) => a - b), seconds: Number(process.hrtime.bigint() - started) / 1e9 };
}

async function main(): Promise<void> {
  const logDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tc-bench-log-'));
  // A real log file at the production level: each request writes its access line, as it would in ThreatConnect.
  const logger = createLogger({ logPath: logDir, level: 'info' });
  const [broker, redis] = await Promise.all([startMosquitto(), startRedis()]);
  const core = await startCoreEmulator({ broker: { port: broker.port }, redis: { port: redis.port } });
  const http = createHttpApp({ logger });
  http.routes.get('/api/ping', (req, res) => res.json({ pong: true, i: req.query.i }));
  http.routes.put('/api/echo', (req, res) => res.json(req.body));
  const transport = await startCoreTransport({
    handler: http.handler,
    logger,
    broker: { host: broker.host, port: broker.port, token: 'bench-token' },
    redis: { host: redis.host, port: redis.port },
    serverTopic: core.serverTopic,
    clientTopic: core.clientTopic,
    heartbeatTimeoutSeconds: 3600,
    onShutdown: () => undefined,
  });
  try {
    await core.waitForReady();
    await measure(core, 300, 4); // warm-up: JIT, connections, Redis
    const seq = await measure(core, SEQUENTIAL, 1);
    const par = await measure(core, CONCURRENT, IN_FLIGHT);
    const round = (n: number) => Math.round(n * 100) / 100;
    console.log(`sequential: ${SEQUENTIAL} round trips in ${seq.seconds.toFixed(2)} s; ${IN_FLIGHT} in flight: ${CONCURRENT} in ${par.seconds.toFixed(2)} s`);
    reportBench('service', {
      sequential_round_trips_per_s: { value: round(SEQUENTIAL / seq.seconds), unit: 'req/s' },
      sequential_p50_ms: { value: round(percentile(seq.latencies, 50)), unit: 'ms' },
      sequential_p99_ms: { value: round(percentile(seq.latencies, 99)), unit: 'ms', goal: '< 20 ms' },
      concurrent16_round_trips_per_s: { value: round(CONCURRENT / par.seconds), unit: 'req/s', goal: '> 500 req/s' },
      concurrent16_p50_ms: { value: round(percentile(par.latencies, 50)), unit: 'ms' },
      concurrent16_p99_ms: { value: round(percentile(par.latencies, 99)), unit: 'ms', goal: '< 100 ms' },
    });
  } finally {
    await transport.close(2000);
    await core.close();
    await Promise.all([broker.stop(), redis.stop()]);
    await logger.close();
    fs.rmSync(logDir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
