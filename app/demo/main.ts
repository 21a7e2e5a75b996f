// `npm start`: with no inputs, the demo — the App served standalone against the built-in ThreatConnect and Sentinel
// simulators, with a sample configuration — until Ctrl-C. With `--inputs <file>` it runs the App for real.
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import type { QueryConfig } from '../export/types';
import { launchService, type RunningService } from '../../sdk/run';
import { DEFAULT_OWNERS } from '../../sdk/testing/tc-simulator';
import { TC_INDICATOR_TYPES } from '../../sdk/threatconnect/types';
import { createSentinelApp } from '../index';
import { startAppStack, type AppStack } from '../testing/start-app-stack';

const DEMO_INDICATORS = 3000;
const DEMO_MALFORMED = 8;

interface DemoArgs {
  inputs?: string;
  host?: string;
  port?: string;
}

function parseArgs(argv: string[]): DemoArgs {
  const args: DemoArgs = {};
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i]!.split('=', 2) as [string, string | undefined];
    const value = () => inline ?? argv[++i];
    if (flag === '--inputs') args.inputs = value();
    else if (flag === '--host') args.host = value();
    else if (flag === '--port') args.port = value();
  }
  return args;
}

/** The repository (or any folder above this script holding install.json and the built UI). */
function findRoot(start: string): string {
  for (let dir = start; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'install.json')) && fs.existsSync(path.join(dir, 'dist', 'package', 'ui'))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`install.json and dist/package/ui not found above ${start}: run npm run build`);
  }
}

async function portIsFree(port: number, host: string): Promise<boolean> {
  const server = net.createServer();
  return new Promise((resolve) => {
    server.once('error', () => resolve(false));
    server.listen(port, host, () => server.close(() => resolve(true)));
  });
}

function sampleQueries(owners: string[]): QueryConfig[] {
  return [
    { owners: [owners[0]!], indicatorTypes: ['Address', 'Host', 'URL'], tql: 'confidence >= 50', sortField: 'dateAdded', sortDirection: 'desc' },
    { owners, indicatorTypes: [...TC_INDICATOR_TYPES], tql: 'rating >= 0', sortField: 'dateAdded', sortDirection: 'asc' },
  ];
}

async function startDemo(root: string, args: DemoArgs): Promise<AppStack> {
  const workDir = path.join(root, '.demo');
  // The simulators start empty each time, so the App's state starts over with them.
  fs.rmSync(workDir, { recursive: true, force: true });
  const host = args.host ?? '127.0.0.1';
  const wanted = args.port !== undefined ? Number(args.port) : 8080;
  const port = wanted !== 0 && (await portIsFree(wanted, host)) ? wanted : 0;
  const stack = await startAppStack({
    workDir,
    installDir: root,
    host,
    port,
    tc: { indicatorCount: DEMO_INDICATORS, seed: 42, owners: DEFAULT_OWNERS.slice(0, 3), duplicateShare: 0.1, malformedCount: DEMO_MALFORMED },
    app: { uiDir: path.join(root, 'dist', 'package', 'ui') },
  });
  const res = await fetch(new URL('api/config', stack.url), {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ queries: sampleQueries(stack.tc.owners.map((o) => o.name)), nextUpdate: 'full' }),
  });
  if (!res.ok) throw new Error(`could not save the sample configuration: ${res.status} ${await res.text()}`);
  const owners = stack.tc.owners.map((o) => o.name).join(', ');
  console.log(
    [
      '',
      'ThreatConnect → Microsoft Sentinel: demo',
      '',
      `  Open the UI:  ${stack.url}`,
      '',
      `  ThreatConnect simulator: ${DEMO_INDICATORS.toLocaleString('en-US')} indicators of all nine types in ${owners},`,
      `    with duplicates across owners and ${DEMO_MALFORMED} malformed indicators (${stack.tc.apiPath})`,
      `  Sentinel simulator: 100 objects per request, 100 requests per minute, every STIX object validated (${stack.sentinel.apiUrl})`,
      `  State and logs: ${workDir}`,
      '',
      '  Try: CONFIGURE shows two sample query configurations (Edit to change them);',
      '       JOBS → Run now sends them to Sentinel and shows the job live;',
      '       TASKS shows its steps; REPORTS lists the malformed indicators with their raw contents.',
      '',
      '  Ctrl-C stops everything.',
      '',
    ].join('\n'),
  );
  return stack;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const root = findRoot(path.dirname(path.resolve(process.argv[1] ?? '.')));
  let stop: () => Promise<unknown>;
  let done: Promise<number>;
  if (args.inputs) {
    const service: RunningService = await launchService(createSentinelApp({ uiDir: path.join(root, 'dist', 'package', 'ui') }), { installDir: root, argv: process.argv.slice(2), console: true });
    console.log(`The App is serving at ${service.url}`);
    stop = () => service.shutdown('stopped from the terminal');
    done = service.done;
  } else {
    const stack = await startDemo(root, args);
    stop = () => stack.close();
    done = stack.service.done;
  }
  let stopping = false;
  const onSignal = () => {
    if (stopping) return;
    stopping = true;
    console.log('\nStopping…');
    void stop().then(() => process.exit(0));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  process.exitCode = await done;
}

main().catch((err: unknown) => {
  console.error(`npm start failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
