import path from 'node:path';
import { defineApp, type AppDefinition } from '../sdk/define-app';
import type { TcProxyOptions } from '../sdk/threatconnect';
import type { EngineOptions } from './export/engine-context';
import { createExportEngine } from './export/create-export-engine';
import { createTcIndicatorSource } from './export/tc-indicator-source';
import { APP_INPUT_RULES, sourceSystemName, ttlHoursByType, type AppInputs } from './inputs';
import { createApiRouter, createUiRouter } from './routes';
import { createTokenProvider, createUploadClient, resolveSentinelEndpoints, type SentinelLimits } from './sentinel';

/*
 * The Microsoft Sentinel App. Every scheduled or ad-hoc job runs this pipeline (app/export):
 *
 *   query configurations ─▶ Download (TC v3, per configuration, paged) ─▶ Dedupe (first configuration wins)
 *     ─▶ Convert (TC indicator → STIX 2.1, app/stix) ─▶ Upload (≤100 per request, paced under 100/min)
 *     ─▶ Revoke (full: what left the set; delta: what TC deleted) ─▶ Keep-alive (re-send what would expire)
 *
 * What Sentinel holds from us is kept in a ledger in SQLite, so deltas, revokes and resumes are exact.
 */

/** Knobs for tests, benchmarks and the demo; production uses the defaults. */
export interface SentinelAppOptions {
  /** Extra trusted CA (PEM) for the Microsoft endpoints: a private authority, or a simulator's certificate. */
  ca?: string;
  /** Sentinel's limits, scaled for tests and benchmarks. */
  limits?: Partial<SentinelLimits>;
  /** The built UI; default `<install dir>/ui`. */
  uiDir?: string;
  engine?: Partial<Pick<EngineOptions, 'deltaOverlapMs' | 'maxConsecutiveFailedBatches'>>;
  now?: () => Date;
}

function externalProxy(inputs: AppInputs): TcProxyOptions | undefined {
  if (!inputs.tc_proxy_external || !inputs.tc_proxy_host) return undefined;
  return { host: inputs.tc_proxy_host, port: inputs.tc_proxy_port ?? 8080, username: inputs.tc_proxy_username, password: inputs.tc_proxy_password };
}

/**
 * The App: routes, UI, health and the export scheduler, built from the typed inputs.
 * @example main(createSentinelApp()); // app/main.ts
 */
export function createSentinelApp(options: SentinelAppOptions = {}): AppDefinition<AppInputs> {
  return defineApp<AppInputs>(
    (app, ctx) => {
      const { inputs, logger } = ctx;
      const endpoints = resolveSentinelEndpoints({ azureCloud: inputs.azure_cloud, sentinelApiUrl: inputs.sentinel_api_url, authorityHost: inputs.azure_authority_host });
      const network = { proxy: externalProxy(inputs), ca: options.ca };
      const tokenProvider = createTokenProvider({ tenantId: inputs.tenant_id, clientId: inputs.client_id, clientSecret: inputs.client_secret, ...endpoints, logger, ...network });
      const uploader = createUploadClient({
        apiUrl: endpoints.apiUrl,
        workspaceId: inputs.sentinel_workspace_id,
        sourceSystem: sourceSystemName(inputs),
        tokenProvider,
        logger,
        limits: options.limits,
        ...network,
      });
      const engine = createExportEngine({
        db: ctx.db,
        logger,
        source: createTcIndicatorSource(ctx.tc),
        uploader,
        options: {
          sourceSystem: sourceSystemName(inputs),
          ttlHours: ttlHoursByType(inputs),
          scheduleIntervalHours: Number(inputs.schedule_interval_hours),
          revokeRemoved: inputs.revoke_removed,
          keepAlive: inputs.keep_alive,
          retentionDays: Number(inputs.retention_days),
          outPath: ctx.paths.out,
          ...options.engine,
        },
        now: options.now,
      });

      app.routes.use(createApiRouter({ service: engine, logger }));
      app.routes.use(createUiRouter({ uiDir: options.uiDir ?? path.join(ctx.paths.installDir, 'ui') }));
      app.health('export', () => engine.health());
      app.worker({ name: 'export-scheduler', start: () => engine.start(), stop: () => engine.stop() });
      app.onShutdown(() => uploader.close());
    },
    { inputRules: APP_INPUT_RULES },
  );
}
