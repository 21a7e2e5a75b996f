import type { Database, Logger } from '../../../sdk';
import { migrate } from '../../../sdk';
import { createStores, DEFAULT_ENGINE_OPTIONS, type EngineContext, type EngineOptions } from '../engine-context';
import { ExportEngine } from './export-engine';
import type { IndicatorSource } from '../indicator-source';
import { EXPORT_MIGRATIONS } from '../state/schema';
import type { StixUploader } from '../stix-uploader';

export interface ExportEngineDeps {
  db: Database;
  logger: Logger;
  source: IndicatorSource;
  uploader: StixUploader;
  options: Omit<EngineOptions, keyof typeof DEFAULT_ENGINE_OPTIONS> & Partial<Pick<EngineOptions, keyof typeof DEFAULT_ENGINE_OPTIONS>>;
  now?: () => Date;
  afterSuccess?: EngineContext['afterSuccess'];
  timers?: EngineContext['timers'];
  reconciler?: EngineContext['reconciler'];
}

/**
 * Brings the state schema up to date and builds the export engine over it.
 * @example const engine = createExportEngine({ db, logger, source, uploader, options }); engine.start();
 */
export function createExportEngine(deps: ExportEngineDeps): ExportEngine {
  migrate(deps.db, 'export', EXPORT_MIGRATIONS);
  const ctx: EngineContext = {
    db: deps.db,
    ...createStores(deps.db),
    source: deps.source,
    uploader: deps.uploader,
    live: {},
    logger: deps.logger.child({ component: 'export' }),
    options: { ...DEFAULT_ENGINE_OPTIONS, ...deps.options },
    now: deps.now ?? (() => new Date()),
    ...(deps.afterSuccess ? { afterSuccess: deps.afterSuccess } : {}),
    ...(deps.timers ? { timers: deps.timers } : {}),
    ...(deps.reconciler ? { reconciler: deps.reconciler } : {}),
  };
  return new ExportEngine(ctx);
}
