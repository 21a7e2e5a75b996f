// `npm start`: with no inputs, the demo — the App served standalone against the built-in ThreatConnect and Sentinel
// simulators, with a sample configuration — until Ctrl-C. With `--inputs <file>` it runs the App for real.
// Bundled into dist/tools/demo.js by scripts/build.mjs; it runs the built package in dist/package.
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import type { ConfigState, QueryConfig } from '../export/types';
import { errorMessage, launchService, TC_INDICATOR_TYPES } from '../../sdk';
import { DEFAULT_OWNERS } from '../../sdk/testing';
import { createSentinelApp } from '../index';
import { startAppStack } from '../testing/start-app-stack';

const DEMO_INDICATORS = 3000;
const DEMO_MALFORMED = 8;
const DEFAULT_PORT = 8080;
/**
 * `--realistic`: ten times the indicators, and Sentinel's limits scaled so a full update runs about a minute and a
 * half, as a production one runs for hours: 100 objects a request, 100 requests per 20 s (a third of a minute).
 */
const REALISTIC = { indicators: 30_000, windowMs: 20_000 };

interface DemoArgs {
  inputs?: string;
  host?: string;
  port?: string;
  workDir?: string;
  reset: boolean;
  noToken: boolean;
  realistic: boolean;
}

interface Running {
  stop(): Promise<unknown>;
  done: Promise<number>;
}

function parseArgs(argv: string[]): DemoArgs {
  const args: DemoArgs = { reset: false, noToken: false, realistic: false };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i]!.split('=', 2) as [string, string | undefined];
    const value = () => inline ?? argv[++i];
    if (flag === '--inputs') args.inputs = value();
    else if (flag === '--host') args.host = value();
    else if (flag === '--port') args.port = value();
    else if (flag === '--work-dir') args.workDir = value();
    else if (flag === '--reset') args.reset = true;
    else if (flag === '--no-token') args.noToken = true;
    else if (flag === '--realistic') args.realistic = true;
  }
  return args;
}

/** Where the build puts the App's package (install.json, app.js, ui/) under the repository. */
const packageDirOf = (root: string) => path.join(root, 'dist', 'package');

/** The repository: the first folder above this script whose dist/package holds a built App (install.json, ui/). */
function findRoot(start: string): string {
  for (let dir = start; ; dir = path.dirname(dir)) {
    const pkg = packageDirOf(dir);
    if (fs.existsSync(path.join(pkg, 'install.json')) && fs.existsSync(path.join(pkg, 'ui'))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`no built App (dist/package) above ${start}: run npm run build`);
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

async function callApi(base: string, route: string, init?: RequestInit, token?: string): Promise<unknown> {
  const res = await fetch(new URL(route, base), {
    ...init,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
  });
  if (!res.ok) throw new Error(`${init?.method ?? 'GET'} ${route} answered ${res.status}: ${await res.text()}`);
  return res.json();
}

/** Saves the sample configuration unless one was saved before (the demo's state is kept between runs). */
async function ensureSampleConfig(base: string, owners: string[], token?: string): Promise<boolean> {
  const current = (await callApi(base, 'api/config', undefined, token)) as ConfigState;
  if (current.revision > 0) return false;
  await callApi(base, 'api/config', { method: 'PUT', body: JSON.stringify({ queries: sampleQueries(owners), nextUpdate: 'full' }) }, token);
  return true;
}

async function startDemo(root: string, args: DemoArgs): Promise<Running> {
  // The realistic demo keeps its own state: its ledger is of another, larger set of indicators.
  const workDir = path.resolve(args.workDir ?? path.join(root, args.realistic ? '.demo-realistic' : '.demo'));
  const indicators = args.realistic ? REALISTIC.indicators : DEMO_INDICATORS;
  const windowMs = args.realistic ? REALISTIC.windowMs : 60_000;
  if (args.reset) fs.rmSync(workDir, { recursive: true, force: true });
  const host = args.host ?? '127.0.0.1';
  const wanted = args.port !== undefined ? Number(args.port) : DEFAULT_PORT;
  if (!Number.isInteger(wanted) || wanted < 0 || wanted > 65535) throw new Error(`--port must be a port number, not ${args.port}`);
  const free = wanted === 0 || (await portIsFree(wanted, host));
  const packageDir = packageDirOf(root);
  const stack = await startAppStack({
    workDir,
    installDir: packageDir,
    host,
    port: free ? wanted : 0,
    tc: { indicatorCount: indicators, seed: 42, owners: DEFAULT_OWNERS.slice(0, 3), duplicateShare: 0.1, malformedCount: DEMO_MALFORMED },
    ...(args.realistic ? { sentinel: { settings: { windowMs } } } : {}),
    app: { uiDir: path.join(packageDir, 'ui'), ...(args.realistic ? { limits: { windowMs } } : {}) },
    access: args.noToken ? 'none' : 'token',
    reconcile: true,
  });
  let saved: boolean;
  try {
    saved = await ensureSampleConfig(
      stack.url,
      stack.tc.owners.map((o) => o.name),
      stack.accessToken,
    );
  } catch (err) {
    await stack.close();
    throw err;
  }
  const owners = stack.tc.owners.map((o) => o.name).join(', ');
  console.log(
    [
      '',
      'ThreatConnect → Microsoft Sentinel: demo',
      '',
      ...(free ? [] : [`  Port ${wanted} is taken, so the App took a free one.`]),
      `  Open the UI:  ${stack.loginUrl ?? stack.url}`,
      ...(stack.loginUrl ? ["    (the link holds this run's access token; the browser keeps it in a cookie. --no-token turns it off.)"] : []),
      '',
      `  ThreatConnect simulator: ${indicators.toLocaleString('en-US')} indicators of all nine types in ${owners},`,
      `    with duplicates across owners and ${DEMO_MALFORMED} malformed indicators (${stack.tc.apiPath})`,
      `  Sentinel simulator: 100 objects per request, 100 requests per ${args.realistic ? `${windowMs / 1000} s (realistic mode: a full update runs a minute or two)` : 'minute'}, every STIX object validated (${stack.sentinel.apiUrl}),`,
      '    and its management API: reconciliation is on (REPORTS shows what Sentinel holds against what the App sent)',
      `  State and logs: ${workDir}`,
      ...(saved
        ? []
        : [
            '    (kept from an earlier run with your configuration and jobs; --reset starts over. The Sentinel simulator',
            '    starts empty each time: REPORTS → Reconcile now finds what it lacks, and the next job sends it again.)',
          ]),
      '',
      `  Try: CONFIGURE shows ${saved ? 'two sample query configurations' : 'the saved query configurations'} (Edit to change them);`,
      '       JOBS → Run now sends them to Sentinel and shows the job live;',
      '       TASKS shows its steps; REPORTS compares Sentinel with the ledger and lists the malformed indicators',
      '       with their raw contents. A second Full update sends only what changed.',
      '',
      '  Ctrl-C stops everything.',
      '',
    ].join('\n'),
  );
  return { stop: () => stack.close(), done: stack.service.done };
}

/** The App for real: install.json from the built package, inputs from the file given with --inputs. */
async function startForReal(root: string): Promise<Running> {
  const service = await launchService(createSentinelApp(), { installDir: packageDirOf(root), argv: process.argv.slice(2), console: true });
  console.log(`${service.url ? `The App is serving at ${service.loginUrl ?? service.url}` : 'The App is running'}; Ctrl-C stops it.`);
  return { stop: () => service.shutdown('stopped from the terminal'), done: service.done };
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const root = findRoot(path.dirname(path.resolve(process.argv[1] ?? '.')));
  const running = args.inputs ? await startForReal(root) : await startDemo(root, args);
  let stopping = false;
  const onSignal = () => {
    // A terminal's Ctrl-C reaches this process twice (directly and through npm start): stop once.
    if (stopping) return;
    stopping = true;
    console.log('\nStopping…');
    running.stop().then(
      () => process.exit(0),
      (err: unknown) => {
        console.error(`Stopping failed: ${errorMessage(err)}`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const code = await running.done;
  if (stopping) return; // onSignal exits once everything has stopped
  // The service stopped by itself: stop the rest (the simulators) too, and exit with its code.
  await running.stop();
  process.exit(code);
}

main().catch((err: unknown) => {
  console.error(`npm start failed: ${errorMessage(err)}`);
  process.exit(1);
});
