import https from 'node:https';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import express from 'express';
import { generate } from 'selfsigned';
import { createHttpFaults, type HttpFaults, randomFor } from '../../../sdk/testing';
import { CLOUDS } from '../../sentinel/clouds';
import { createStixValidator } from '../../stix/validate-stix';
import { entraRoutes } from './entra-routes';
import { RateWindow } from './rate-window';
import { SentinelStore } from './sentinel-store';
import type { ManagementState, RecordedRequest, SimulatorSettings, SimulatorState } from './simulator-state';
import { uploadRoutes } from './upload-routes';
import { ArmBucket, managementRoutes } from './management-routes';

export interface SentinelSimulatorOptions {
  settings?: Partial<SimulatorSettings>;
  credentials?: Partial<SimulatorState['credentials']>;
  workspaceId?: string;
  /** The token scope it accepts; default Azure Cloud's (`https://management.azure.com/.default`). */
  scope?: string;
  /** Seed of the fault share's random numbers, for repeatable runs. */
  seed?: number;
  /** An existing certificate (PEM) to serve, e.g. one the demo keeps across runs. */
  tls?: { key: string; cert: string };
  port?: number;
  /** Where the management API finds the workspace (subscription, resource group, workspace name). */
  management?: Partial<ManagementState['target']>;
  /** ARM's token buckets (default: reads 250 at 25/s, writes 200 at 10/s); scale them down to see 429s. */
  armBuckets?: { reads?: { capacity: number; refillPerSecond: number }; writes?: { capacity: number; refillPerSecond: number } };
}

export interface SentinelSimulator {
  /** Use as the `sentinel_api_url` override. */
  readonly apiUrl: string;
  /** Use as the `azure_authority_host` override. */
  readonly authorityHost: string;
  /** Use as the `azure_management_url` override (the management API is served on the same host). */
  readonly managementUrl: string;
  /** The workspace as the management API knows it, and its 403 switch. */
  readonly management: ManagementState;
  /** The certificate (PEM) the simulator serves; trust it (the upload client's `ca`, or NODE_EXTRA_CA_CERTS). */
  readonly ca: string;
  readonly credentials: SimulatorState['credentials'];
  readonly workspaceId: string;
  readonly settings: SimulatorSettings;
  readonly store: SentinelStore;
  /** Every request received, in order. */
  readonly requests: RecordedRequest[];
  /** Queued faults: statuses, slow answers, dropped connections (sdk/testing/http-faults). */
  readonly faults: HttpFaults;
  /** Tokens issued so far. */
  readonly tokensIssued: number;
  /** Upload requests that got through to the store, with their times. */
  uploads(): RecordedRequest[];
  /** Makes every issued token expire now. */
  expireTokens(): void;
  /** Forgets stored objects, requests and the throttle window. */
  reset(): void;
  close(): Promise<void>;
}

export const DEFAULT_SIMULATOR_SETTINGS: SimulatorSettings = {
  maxRequests: 100,
  windowMs: 60_000,
  maxObjectsPerRequest: 100,
  tokenLifetimeSeconds: 3599,
  failureShare: 0,
  retryAfterHeader: false,
  forbidden: false,
  validate: true,
  refuseIds: [],
  refusedBatch: 'errors',
  errorMessagesField: 'errorMessages',
};

function kindOf(path: string): RecordedRequest['kind'] {
  if (path.includes(':upload')) return 'upload';
  if (path.endsWith('/token')) return 'token';
  if (/\/threatintelligence\/[^/]+\/query$/i.test(path)) return 'query';
  if (/\/threatintelligence\/[^/]+\/count$/i.test(path)) return 'count';
  if (path.includes('.well-known') || path.includes('discovery')) return 'metadata';
  return 'other';
}

/**
 * A strict Microsoft Sentinel (upload API + Entra token endpoint) over TLS on 127.0.0.1, for tests, the demo and
 * the benchmarks.
 * @example const sim = await startSentinelSimulator({ settings: { windowMs: 2000 } });
 *          // inputs: sentinel_api_url = sim.apiUrl, azure_authority_host = sim.authorityHost; trust sim.ca
 */
export async function startSentinelSimulator(options: SentinelSimulatorOptions = {}): Promise<SentinelSimulator> {
  const pems: { key: string; cert: string } =
    options.tls ??
    (await generate([{ name: 'commonName', value: 'sentinel-simulator.test' }], {
      keySize: 2048,
      extensions: [
        {
          name: 'subjectAltName',
          altNames: [
            { type: 2, value: 'localhost' },
            { type: 7, ip: '127.0.0.1' },
          ],
        },
      ],
    }).then((p) => ({ key: p.private, cert: p.cert })));
  const settings: SimulatorSettings = { ...DEFAULT_SIMULATOR_SETTINGS, ...options.settings };
  const state: SimulatorState = {
    management: {
      baseUrl: '',
      target: { subscriptionId: '8d3c1a7e-5b2f-4c6d-9e0a-1f2b3c4d5e6f', resourceGroup: 'rg-sentinel', workspaceName: 'law-sentinel', ...options.management },
      forbidden: false,
      reads: new ArmBucket(options.armBuckets?.reads ?? { capacity: 250, refillPerSecond: 25 }),
      writes: new ArmBucket(options.armBuckets?.writes ?? { capacity: 200, refillPerSecond: 10 }),
    },
    settings,
    credentials: {
      tenantId: '72f988bf-86f1-41af-91ab-2d7cd011db47',
      clientId: '0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0',
      clientSecret: 'sim-client-secret-Qx7~',
      ...options.credentials,
    },
    workspaceId: options.workspaceId ?? '3f2a1b0c-9d8e-4f7a-8b6c-5d4e3f2a1b0c',
    scope: options.scope ?? CLOUDS.AzureCloud.scope,
    authorityHost: '',
    tokens: new Map(),
    tokensIssued: 0,
    store: new SentinelStore(),
    window: new RateWindow(settings),
    validator: createStixValidator(),
    requests: [],
    random: randomFor(options.seed ?? 1, 0, 0),
  };
  const faults = createHttpFaults({
    errorBody: (status) =>
      status === 429
        ? { statusCode: 429, message: 'Rate limit is exceeded. Try again in 1 seconds.' }
        : { error: { code: 'InjectedFault', message: `Injected fault ${status}` } },
  });
  const app = express();
  app.disable('x-powered-by');
  app.use((req, res, next) => {
    const at = Date.now();
    // Recorded as the answer is sent, not on 'finish': a client in this process may read the answer before the
    // server's 'finish' event, and a test then looks at the log too early.
    const end = res.end.bind(res) as (...args: unknown[]) => express.Response;
    res.end = ((...args: unknown[]) => {
      const entry: RecordedRequest = { at, method: req.method, path: req.path, kind: kindOf(req.path), status: res.statusCode };
      if (entry.kind === 'upload')
        Object.assign(entry, {
          objects: res.locals.objects,
          sourceSystem: res.locals.sourceSystem,
          rejected: res.locals.rejected,
          authorized: res.locals.authorized,
        });
      state.requests.push(entry);
      return end(...args);
    }) as express.Response['end'];
    next();
  });
  app.use(faults.middleware);
  app.use(entraRoutes(state));
  app.use(uploadRoutes(state));
  app.use(managementRoutes(state));
  app.use((req, res) => res.status(404).json({ error: { code: 'NotFound', message: `No route for ${req.method} ${req.path}` } }));
  app.use((err: Error & { status?: number; type?: string }, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
    const status = err.status && err.status >= 400 && err.status < 600 ? err.status : 500;
    res.status(status).json({
      error: { code: status === 413 ? 'RequestEntityTooLarge' : 'BadRequest', message: status === 400 ? 'The request body is not valid JSON.' : err.message },
    });
  });

  const server = https.createServer({ key: pems.key, cert: pems.cert }, app);
  server.keepAliveTimeout = 30_000;
  const sockets = new Set<Duplex>();
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', resolve);
  });
  const base = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  state.authorityHost = base;
  state.management.baseUrl = base;

  return {
    apiUrl: base,
    authorityHost: base,
    managementUrl: base,
    management: state.management,
    ca: pems.cert,
    credentials: state.credentials,
    workspaceId: state.workspaceId,
    settings,
    store: state.store,
    requests: state.requests,
    faults,
    get tokensIssued() {
      return state.tokensIssued;
    },
    uploads: () => state.requests.filter((r) => r.kind === 'upload' && r.status === 200),
    expireTokens() {
      for (const token of state.tokens.keys()) state.tokens.set(token, 0);
    },
    reset() {
      state.store.clear();
      state.requests.length = 0;
      state.window.reset();
      state.management.reads.reset();
      state.management.writes.reset();
      faults.clear();
    },
    close() {
      faults.close();
      return new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const s of sockets) s.destroy();
      });
    },
  };
}
