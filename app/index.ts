import path from 'node:path';
import { defineApp, type AppDefinition } from '../sdk/define-app';
import { createAppEngine, type EngineTuning } from './create-app-engine';
import { APP_INPUT_RULES, type AppInputs } from './inputs';
import { createApiRouter, createUiRouter } from './routes';

/*
 * The Microsoft Sentinel App. Every scheduled or ad-hoc job runs this pipeline (app/export):
 *
 *   query configurations ─▶ Download (TC v3, per configuration, paged) ─▶ Dedupe (first configuration wins)
 *     ─▶ Convert (TC indicator → STIX 2.1, app/stix) ─▶ Upload (≤100 per request, paced under 100/min)
 *     ─▶ Revoke (full: what left the set; delta: what TC deleted) ─▶ Keep-alive (re-send what would expire)
 *
 * What Sentinel holds from us is kept in a ledger in SQLite, so deltas, revokes and resumes are exact.
 */

export interface SentinelAppOptions extends EngineTuning {
  /** The built UI; default `<install dir>/ui`. */
  uiDir?: string;
}

/**
 * The App: routes, UI, health and the export scheduler, built from the typed inputs.
 * @example main(createSentinelApp()); // app/main.ts
 */
export function createSentinelApp(options: SentinelAppOptions = {}): AppDefinition<AppInputs> {
  return defineApp<AppInputs>(
    (app, ctx) => {
      const { engine, uploader } = createAppEngine({ inputs: ctx.inputs, db: ctx.db, logger: ctx.logger, tc: ctx.tc, paths: ctx.paths, tuning: options });
      app.routes.use(createApiRouter({ service: engine, logger: ctx.logger }));
      app.routes.use(createUiRouter({ uiDir: options.uiDir ?? path.join(ctx.paths.installDir, 'ui') }));
      app.health('export', () => engine.health());
      app.worker({ name: 'export-scheduler', start: () => engine.start(), stop: () => engine.stop() });
      app.onShutdown(() => uploader.close());
    },
    { inputRules: APP_INPUT_RULES },
  );
}
