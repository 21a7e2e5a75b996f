// What a hostile or careless PUT /api/config costs: 1,000 configurations (the schema allows 100) in a body under
// the 1 MiB limit, answered 400 by the real App over its standalone HTTP server against the ThreatConnect
// simulator; its time, and the ThreatConnect calls it made (none). Then 100 copies of one valid configuration,
// accepted, and the calls that took (the owners once, the TQL once).
// Run: node scripts/bench/run.mjs validation
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startAppStack } from '../../app/testing/start-app-stack';
import { TC_INDICATOR_TYPES } from '../../sdk';
import { reportBench } from './report';

const ROUNDS = 50;

async function main(): Promise<void> {
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-validation-'));
  const stack = await startAppStack({ workDir, installDir: path.resolve(__dirname, '../..'), tc: { indicatorCount: 1000 } });
  try {
    const query = {
      owners: stack.tc.owners.map((o) => o.name),
      indicatorTypes: [...TC_INDICATOR_TYPES],
      tql: 'rating >= 0',
      sortField: 'dateAdded',
      sortDirection: 'asc',
    };
    const put = (queries: unknown[]) =>
      fetch(new URL('api/config', stack.url), {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ queries, nextUpdate: 'full' }),
      });
    const thousand = Array.from({ length: 1000 }, () => query);
    const bytes = Buffer.byteLength(JSON.stringify({ queries: thousand, nextUpdate: 'full' }));
    for (let i = 0; i < 5; i += 1) await put(thousand); // warm-up
    const calls = stack.tc.requests.length;
    const times: number[] = [];
    for (let i = 0; i < ROUNDS; i += 1) {
      const t = performance.now();
      const res = await put(thousand);
      await res.text();
      times.push(performance.now() - t);
      if (res.status !== 400) throw new Error(`a PUT of 1,000 configurations answered ${res.status}`);
    }
    const rejectedCalls = stack.tc.requests.length - calls;
    times.sort((a, b) => a - b);
    const before = stack.tc.requests.length;
    const accepted = await put(Array.from({ length: 100 }, () => query));
    if (accepted.status !== 200) throw new Error(`100 copies of a valid configuration answered ${accepted.status}: ${await accepted.text()}`);
    const acceptedCalls = stack.tc.requests.length - before;
    const round = (n: number) => Math.round(n * 10) / 10;
    console.log(
      `1,000 configurations (${bytes} bytes): median ${round(times[Math.floor(ROUNDS / 2)]!)} ms, worst ${round(times[ROUNDS - 1]!)} ms, ${rejectedCalls} ThreatConnect calls`,
    );
    reportBench('validation', {
      rejectedPutMedian: {
        value: round(times[Math.floor(ROUNDS / 2)]!),
        unit: 'ms, PUT /api/config with 1,000 configurations answered 400 (median)',
        goal: '< 100',
      },
      rejectedPutWorst: { value: round(times[ROUNDS - 1]!), unit: `ms, the same, slowest of ${ROUNDS}`, goal: '< 100' },
      rejectedPutTcCalls: { value: rejectedCalls, unit: `ThreatConnect calls for ${ROUNDS} such PUTs`, goal: '0' },
      acceptedPut100TcCalls: {
        value: acceptedCalls,
        unit: 'ThreatConnect calls to accept 100 copies of one configuration (owners once, TQL once)',
        goal: '<= 2',
      },
    });
  } finally {
    await stack.close();
    fs.rmSync(workDir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
