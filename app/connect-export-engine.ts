import type { Database, AppPaths, Logger, TcClient, TcProxyOptions } from '../sdk';
import type { EngineOptions, SchedulerTimers } from './export/engine-context';
import { createExportEngine } from './export/engine/create-export-engine';
import type { ExportEngine } from './export/engine/export-engine';
import { createTcIndicatorSource } from './export/tc-indicator-source';
import { reconcileTarget, sourceSystemName, ttlHoursByType, type AppInputs } from './inputs';
import { createManagementClient, type ManagementLimits } from './sentinel/management-client';
import {
  createTokenProvider,
  createUploadClient,
  resolveSentinelEndpoints,
  splitRefusedBatches,
  type PacerMemory,
  type PacerWindow,
  type SentinelLimits,
  type UploadClient,
} from './sentinel';
import { migrate } from '../sdk';
import { EXPORT_MIGRATIONS } from './export/state/schema';
import { KvStore } from './export/state/kv-store';

/** Knobs for tests, benchmarks and the demo; production uses the defaults. */
export interface EngineTuning {
  /** Extra trusted CA (PEM) for the Microsoft endpoints: a private authority, or a simulator's certificate. */
  ca?: string;
  /** Sentinel's limits, scaled for tests and benchmarks. */
  limits?: Partial<SentinelLimits>;
  engine?: Partial<Pick<EngineOptions, 'deltaOverlapMs' | 'maxConsecutiveFailedBatches' | 'convertWorkerScript'>>;
  now?: () => Date;
  /** The scheduler's timers, for a test that drives the schedule with its own clock (with `now`). */
  timers?: SchedulerTimers;
  /** The management API's limits, scaled for tests and benchmarks. */
  management?: Partial<ManagementLimits>;
}

function externalProxy(inputs: AppInputs): TcProxyOptions | undefined {
  if (!inputs.tc_proxy_external || !inputs.tc_proxy_host) return undefined;
  return { host: inputs.tc_proxy_host, port: inputs.tc_proxy_port ?? 8080, username: inputs.tc_proxy_username, password: inputs.tc_proxy_password };
}

/**
 * The export engine wired to ThreatConnect (through `tc`) and to Sentinel (Entra token + paced upload client),
 * from the App's typed inputs. The service and the CLI both build it here.
 * @example const { engine, uploader } = connectExportEngine({ inputs, db, logger, tc, paths });
 */
export function connectExportEngine(deps: {
  inputs: AppInputs;
  db: Database;
  logger: Logger;
  tc: TcClient;
  paths: Pick<AppPaths, 'out'>;
  tuning?: EngineTuning;
  /** After each completed job (the service and the CLI copy the state). */
  afterSuccess?: (requestId: string) => Promise<unknown>;
}): {
  engine: ExportEngine;
  uploader: UploadClient;
  /** Closes the connections to Microsoft's hosts. */
  close(): void;
} {
  const { inputs, logger, tuning = {} } = deps;
  const endpoints = resolveSentinelEndpoints({
    azureCloud: inputs.azure_cloud,
    sentinelApiUrl: inputs.sentinel_api_url,
    authorityHost: inputs.azure_authority_host,
    managementUrl: inputs.azure_management_url,
  });
  const target = reconcileTarget(inputs);
  const network = { proxy: externalProxy(inputs), ca: tuning.ca };
  const tokenProvider = createTokenProvider({
    tenantId: inputs.tenant_id,
    clientId: inputs.client_id,
    clientSecret: inputs.client_secret,
    ...endpoints,
    logger,
    ...network,
  });
  // The pacer's window lives in the state, so a restart (or a crash) does not start from an empty minute.
  migrate(deps.db, 'export', EXPORT_MIGRATIONS);
  const kv = new KvStore(deps.db);
  const pacerMemory: PacerMemory = {
    load: () => {
      const saved = kv.get('pacerWindow');
      return saved ? (JSON.parse(saved) as PacerWindow) : undefined;
    },
    save: (window) => kv.set('pacerWindow', JSON.stringify(window)),
  };
  const uploader = splitRefusedBatches(
    createUploadClient({
      pacerMemory,
      apiUrl: endpoints.apiUrl,
      workspaceId: inputs.sentinel_workspace_id,
      sourceSystem: sourceSystemName(inputs),
      tokenProvider,
      logger,
      limits: tuning.limits,
      ...network,
    }),
  );
  // The management API takes the same token as the upload API (the scope is the cloud's management host).
  const management = target
    ? createManagementClient({
        managementUrl: endpoints.managementUrl,
        ...target,
        tokenProvider,
        logger,
        ...network,
        ...(tuning.management ? { limits: tuning.management } : {}),
      })
    : undefined;
  const engine = createExportEngine({
    db: deps.db,
    logger,
    source: createTcIndicatorSource(deps.tc),
    uploader,
    options: {
      sourceSystem: sourceSystemName(inputs),
      ttlHours: ttlHoursByType(inputs),
      scheduleIntervalHours: inputs.schedule_interval_hours,
      revokeRemoved: inputs.revoke_removed,
      keepAlive: inputs.keep_alive,
      retentionDays: inputs.retention_days,
      revokeGuardPercent: inputs.revoke_guard_percent,
      outPath: deps.paths.out,
      ...tuning.engine,
    },
    now: tuning.now,
    timers: tuning.timers,
    afterSuccess: deps.afterSuccess,
    ...(management && target ? { reconciler: { client: management, intervalHours: target.intervalHours } } : {}),
  });
  return {
    engine,
    uploader,
    close() {
      uploader.close();
      management?.close();
    },
  };
}
