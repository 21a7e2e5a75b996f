import path from 'node:path';
import { defineApp, type AppDefinition } from '../sdk';
import { connectExportEngine, type EngineTuning } from './connect-export-engine';
import { APP_INPUT_RULES, parseAppInputs, type AppInputs } from './inputs';
import type { Router } from 'express';
import { createApiRouter, createUiRouter } from './routes';
import { createRequestValidators } from './routes/validate-request';
import { stateRoutes, whileStateDamaged } from './routes/state-routes';
import { StateGuard } from './state-guard';
import type { ExportEngine } from './export/engine/export-engine';
import type { UploadClient } from './sentinel';

/*
 * The Microsoft Sentinel App. Every scheduled or ad-hoc job runs this pipeline (app/export/engine/run-job.ts);
 * the three columns run at the same time, each stage reading what the one before it writes:
 *
 *   main thread: Download ─────────▶ worker thread: Dedupe + Convert ─────────▶ main thread: Upload
 *   stages/download-stage.ts         convert/page-processor.ts, dedupe.ts        stages/upload-stage.ts
 *   TC v3, per configuration,        first configuration wins; TC indicator →    reads objects.ndjson as it
 *   paged; a delta then re-fetches   STIX 2.1 (app/stix); lines appended to      grows: ≤100 a request, paced
 *   what would expire (Keep-alive)   objects.ndjson (files/)                     under 100 a minute; skips what
 *   and collects what TC deleted                                                 Sentinel holds unchanged
 *        │
 *        └─ when all three have ended ─▶ Revoke (stages/revoke-stage.ts: full, what left the set, held past the
 *           guard; delta, what TC deleted) ─▶ the job's follow-up (engine/scheduler.ts): copy of the state, then
 *           reconciliation with Sentinel (reconcile/)
 *
 * What Sentinel holds from us is kept in a ledger in SQLite (state/), so deltas, revokes and resumes are exact.
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
      const validators = createRequestValidators();
      // The engine and its routes are built over the state once it is known to be sound, and again after a restore.
      let built: { engine: ExportEngine; uploader: UploadClient; api: Router } | undefined;
      const guard = new StateGuard(ctx.state, ctx.logger, (db) => {
        const { engine, uploader, close } = connectExportEngine({
          inputs: ctx.inputs,
          db,
          logger: ctx.logger,
          tc: ctx.tc,
          paths: ctx.paths,
          tuning: options,
          afterSuccess: () => guard.copy(),
        });
        const current = { engine, uploader, api: createApiRouter({ service: engine, logger: ctx.logger }) };
        built = current;
        return {
          start: () => engine.start(),
          stop: async () => {
            await engine.stop();
            close();
            if (built === current) built = undefined;
          },
        };
      });
      app.routes.use(stateRoutes(guard, validators), whileStateDamaged(guard));
      app.routes.use((req, res, next) => (built ? built.api(req, res, next) : next()));
      app.routes.use(createUiRouter({ uiDir: options.uiDir ?? path.join(ctx.paths.installDir, 'ui') }));
      app.health('state', () => guard.health());
      app.health('export', () => built?.engine.health() ?? { runningJob: undefined });
      app.worker({ name: 'export-scheduler', start: () => guard.start(), stop: () => guard.stop() });
    },
    { inputRules: APP_INPUT_RULES, parseInputs: parseAppInputs },
  );
}
