// The two simulators in a process of their own, so a benchmark measures the App alone and the simulators do not
// compete with it for its event loop. Started by scripts/bench/sim-process.ts; prints one line `SIMS <json>` with
// what the App needs, then, when asked on stdin (`stats`), one line `STATS <json>` with what Sentinel received and
// what this process used; `change <n>` changes n ThreatConnect indicators and answers `CHANGED <ids>`. Exits when its
// stdin closes, so it never outlives the benchmark.
import { startSentinelSimulator } from '../../app/testing/sentinel-simulator';
import { startTcSimulator } from '../../sdk/testing';
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
      sentinel: {
        apiUrl: sentinel.apiUrl,
        authorityHost: sentinel.authorityHost,
        managementUrl: sentinel.managementUrl,
        ca: sentinel.ca,
        credentials: sentinel.credentials,
        workspaceId: sentinel.workspaceId,
        management: { target: sentinel.management.target },
      },
    })}`,
  );
  const count = options.indicators ?? 1000;
  const change = (n: number) => {
    const ids: number[] = [];
    for (let i = 0; i < n; i += 1) {
      const id = 1 + Math.floor((i * count) / n);
      const current = tc.getIndicator(id);
      if (!current) continue;
      tc.updateIndicator(id, { confidence: ((current.confidence ?? 50) + 13) % 101 });
      ids.push(id);
    }
    write(`CHANGED ${JSON.stringify(ids)}`);
  };
  let input = '';
  process.stdin.setEncoding('utf8');
  process.stdin.on('data', (chunk: string) => {
    input += chunk;
    let nl;
    while ((nl = input.indexOf('\n')) >= 0) {
      const command = input.slice(0, nl).trim();
      input = input.slice(nl + 1);
      if (command === 'stats') stats();
      else if (command.startsWith('change ')) change(Number(command.slice(7)));
    }
  });
  const stats = () => {
    const uploads = sentinel.requests.filter((r) => r.kind === 'upload');
    const management = sentinel.requests.filter((r) => r.kind === 'query' || r.kind === 'count');
    const usage = process.resourceUsage();
    write(
      `STATS ${JSON.stringify({
        stored: sentinel.store.size,
        uploads: uploads.length,
        throttled: uploads.filter((r) => r.status === 429).length,
        acceptedAt: uploads.filter((r) => r.status === 200).map((r) => r.at),
        uploadedObjects: uploads.filter((r) => r.status === 200).reduce((n, r) => n + (r.objects ?? 0), 0),
        queries: management.filter((r) => r.kind === 'query').length,
        counts: management.filter((r) => r.kind === 'count').length,
        managementThrottled: management.filter((r) => r.status === 429).length,
        cpuSeconds: (usage.userCPUTime + usage.systemCPUTime) / 1e6,
        peakRssMb: Math.round(usage.maxRSS / 1024),
      })}`,
    );
  };
  process.stdin.on('end', () => process.exit(0));
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
