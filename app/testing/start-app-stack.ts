import fs from 'node:fs';
import path from 'node:path';
import { resolveInputs, loadManifest, startService, type RunningService } from '../../sdk';
import { startTcSimulator, type TcSimulator, type TcSimulatorOptions } from '../../sdk/testing';
import { createSentinelApp, type SentinelAppOptions } from '../index';
import { APP_INPUT_RULES } from '../inputs';
import { startSentinelSimulator, type SentinelSimulator, type SentinelSimulatorOptions } from './sentinel-simulator';

export interface AppStackOptions {
  /** Where state, logs and scratch files go (created). */
  workDir: string;
  /** Where install.json is (the repository, or a bundle folder). */
  installDir: string;
  /** The ThreatConnect simulator's data, or one already running (restarts keep their data). */
  tc?: TcSimulatorOptions | TcSimulator;
  sentinel?: SentinelSimulatorOptions | SentinelSimulator;
  /** Inputs laid over the defaults (e.g. `keep_alive: 'false'`). */
  inputs?: Record<string, unknown>;
  /** App tuning: scaled Sentinel limits, the UI folder, a clock… (`ca` is set to the simulator's). */
  app?: SentinelAppOptions;
  host?: string;
  port?: number;
  console?: boolean;
  /**
   * `token`: the standalone server makes an access token, as it does by default (the demo; security tests);
   * `none` (default): no token, as `--no-token` on loopback (tests that are about something else).
   */
  access?: 'token' | 'none';
  /** Turn reconciliation on: the management parameters of the simulated workspace (off by default, as in a fresh install). */
  reconcile?: boolean;
}

/** The management parameters that turn reconciliation on against a simulator. */
export function reconcileInputs(sentinel: Pick<SentinelSimulator, 'management'>): Record<string, string> {
  const { subscriptionId, resourceGroup, workspaceName } = sentinel.management.target;
  return { azure_subscription_id: subscriptionId, azure_resource_group: resourceGroup, sentinel_workspace_name: workspaceName };
}

export interface AppStack {
  readonly tc: TcSimulator;
  readonly sentinel: SentinelSimulator;
  readonly service: RunningService;
  /** The service root, e.g. `http://127.0.0.1:41234/`. */
  readonly url: string;
  /** With `access: 'token'`: the root URL with the token (open it once in a browser), and the token itself. */
  readonly loginUrl?: string;
  readonly accessToken?: string;
  /** The raw inputs the App was started with (for a second process, or an inputs file). */
  readonly rawInputs: Record<string, unknown>;
  /** Stops the App (the simulators keep running). */
  stopApp(): Promise<void>;
  /** Stops the App and the simulators this stack started. */
  close(): Promise<void>;
}

const isRunning = <T extends object>(v: unknown, key: string): v is T => typeof v === 'object' && v !== null && key in v;

/** Every input the App needs to run against the two simulators, as the platform would deliver them (strings). */
export function simulatorInputs(
  tc: Pick<TcSimulator, 'apiPath' | 'credentials'>,
  sentinel: Pick<SentinelSimulator, 'credentials' | 'workspaceId' | 'apiUrl' | 'authorityHost' | 'managementUrl'>,
  workDir: string,
): Record<string, unknown> {
  return {
    tc_api_path: tc.apiPath,
    tc_access_id: tc.credentials.accessId,
    tc_secret_key: tc.credentials.secretKey,
    tc_log_path: path.join(workDir, 'log'),
    tc_log_file: 'app.log',
    tc_log_level: 'info',
    tc_out_path: path.join(workDir, 'out'),
    tc_temp_path: path.join(workDir, 'tmp'),
    client_id: sentinel.credentials.clientId,
    client_secret: sentinel.credentials.clientSecret,
    tenant_id: sentinel.credentials.tenantId,
    sentinel_workspace_id: sentinel.workspaceId,
    sentinel_source_name: 'Demo',
    schedule_interval_hours: '24',
    ttl_hours_address: '720',
    ttl_hours_asn: '2160',
    ttl_hours_cidr: '720',
    ttl_hours_email_address: '720',
    ttl_hours_email_subject: '2160',
    ttl_hours_file: '8760',
    ttl_hours_host: '720',
    ttl_hours_registry_key: '2160',
    ttl_hours_url: '720',
    sentinel_api_url: sentinel.apiUrl,
    azure_authority_host: sentinel.authorityHost,
    azure_management_url: sentinel.managementUrl,
  };
}

/**
 * The App served standalone against the ThreatConnect and Sentinel simulators, in this process: what the demo,
 * the end-to-end tests, the browser tests and the benchmarks run.
 * @example const stack = await startAppStack({ workDir, installDir: ROOT, tc: { indicatorCount: 3000 } });
 */
export async function startAppStack(options: AppStackOptions): Promise<AppStack> {
  const tc = isRunning<TcSimulator>(options.tc, 'apiPath') ? options.tc : await startTcSimulator(options.tc as TcSimulatorOptions | undefined);
  const sentinel = isRunning<SentinelSimulator>(options.sentinel, 'apiUrl')
    ? options.sentinel
    : await startSentinelSimulator(options.sentinel as SentinelSimulatorOptions | undefined);
  const ownsTc = tc !== options.tc;
  const ownsSentinel = sentinel !== options.sentinel;
  try {
    fs.mkdirSync(options.workDir, { recursive: true });
    const rawInputs = { ...simulatorInputs(tc, sentinel, options.workDir), ...(options.reconcile ? reconcileInputs(sentinel) : {}), ...options.inputs };
    const { install } = loadManifest(options.installDir, { rules: APP_INPUT_RULES });
    const inputs = resolveInputs(install, rawInputs, APP_INPUT_RULES);
    const definition = createSentinelApp({ ca: sentinel.ca, ...options.app });
    const service = await startService(definition, inputs, {
      installDir: options.installDir,
      flags: { host: options.host ?? '127.0.0.1', port: String(options.port ?? 0), noToken: options.access !== 'token' },
      console: options.console ?? false,
    });
    const stopApp = async () => {
      await service.shutdown('stack stopped');
    };
    return {
      tc,
      sentinel,
      service,
      url: service.url!.endsWith('/') ? service.url! : `${service.url}/`,
      ...(service.loginUrl ? { loginUrl: service.loginUrl, accessToken: new URL(service.loginUrl).searchParams.get('access_token')! } : {}),
      rawInputs,
      stopApp,
      async close() {
        await stopApp();
        await Promise.all([ownsTc ? tc.close() : undefined, ownsSentinel ? sentinel.close() : undefined]);
      },
    };
  } catch (err) {
    await Promise.all([ownsTc ? tc.close() : undefined, ownsSentinel ? sentinel.close() : undefined]);
    throw err;
  }
}
