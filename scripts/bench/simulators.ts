// The two simulators in a process of their own, so a benchmark measures the App alone and the simulators do not
// compete with it for its event loop. Started by scripts/bench/sim-process.ts; prints one line `SIMS <json>` with
// what the App needs, then, when asked on stdin (`stats`), one line `STATS <json>` with what Sentinel received and
// what this process used. Exits when its stdin closes, so it never outlives the benchmark.
import { startSentinelSimulator } from '../../app/testing/sentinel-simulator';
import { startTcSimulator } from '../../sdk/testing/tc-simulator';
import type { SimsOptions } from './sim-process';

async function main(): Promise<void> {
  const options = JSON.parse(process.argv[2] ?? '{}') as SimsOptions;
  const [tc, sentinel] = await Promise.all([
    // Pages are rendered before the clock starts: a real ThreatConnect does not use this machine's CPU.
    startTcSimulator({ indicatorCount: options.indicators ?? 1000, seed: 1, prerender: true }),
    startSentinelSimulator({ settings: options.sentinel }),
  ]);
  const write = (line: string) => process.stdout.write(`${line}\n`);
  write(
    `SIMS ${JSON.stringify({
      tc: { apiPath: tc.apiPath, credentials: tc.credentials, owners: tc.owners.map((o) => o.name) },
      sentinel: { apiUrl: sentinel.apiUrl, authorityHost: sentinel.authorityHost, ca: sentinel.ca, credentials: sentinel.credentials, workspaceId: sentinel.workspaceId },
    })}`,
  );
  let input = '';
  process.stdin.setEncoding('utf8');
  process.stdin.on('data', (chunk: string) => {
    input += chunk;
    if (!input.includes('stats\n')) return;
    input = '';
    const uploads = sentinel.requests.filter((r) => r.kind === 'upload');
    const usage = process.resourceUsage();
    write(
      `STATS ${JSON.stringify({
        stored: sentinel.store.size,
        uploads: uploads.length,
        throttled: uploads.filter((r) => r.status === 429).length,
        acceptedAt: uploads.filter((r) => r.status === 200).map((r) => r.at),
        cpuSeconds: (usage.userCPUTime + usage.systemCPUTime) / 1e6,
        peakRssMb: Math.round(usage.maxRSS / 1024),
      })}`,
    );
  });
  process.stdin.on('end', () => process.exit(0));
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
