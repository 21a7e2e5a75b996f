// The two simulators in a process of their own, so a benchmark measures the App alone. Started by
// scripts/bench/sim-process.ts; prints one line `SIMS <json>` with what the App needs, then, on SIGTERM, one line
// `STATS <json>` with what Sentinel received, and exits.
import { startSentinelSimulator } from '../../app/testing/sentinel-simulator';
import { startTcSimulator } from '../../sdk/testing/tc-simulator';

async function main(): Promise<void> {
  const options = JSON.parse(process.argv[2] ?? '{}') as { indicators?: number; sentinel?: Record<string, unknown> };
  const [tc, sentinel] = await Promise.all([startTcSimulator({ indicatorCount: options.indicators ?? 1000, seed: 1 }), startSentinelSimulator({ settings: options.sentinel })]);
  process.stdout.write(
    `SIMS ${JSON.stringify({
      tc: { apiPath: tc.apiPath, credentials: tc.credentials, owners: tc.owners.map((o) => o.name) },
      sentinel: { apiUrl: sentinel.apiUrl, authorityHost: sentinel.authorityHost, ca: sentinel.ca, credentials: sentinel.credentials, workspaceId: sentinel.workspaceId },
    })}\n`,
  );
  process.once('SIGTERM', () => {
    const uploads = sentinel.requests.filter((r) => r.kind === 'upload');
    process.stdout.write(
      `STATS ${JSON.stringify({
        stored: sentinel.store.size,
        uploads: uploads.length,
        throttled: uploads.filter((r) => r.status === 429).length,
        acceptedAt: uploads.filter((r) => r.status === 200).map((r) => r.at),
      })}\n`,
      () => process.exit(0),
    );
  });
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
