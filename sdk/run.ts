import type { Database } from 'better-sqlite3';
import path from 'node:path';
import { loggerOptionsFromInputs, pathsFromInputs, tcOptionsFromInputs, type AppContext, type ServeMode } from './context';
import { createRegistrar, settleWithin, type AppDefinition, type AppWorker } from './define-app';
import { createLogger, type Logger } from './logger';
import { createHttpApp } from './service/create-http-app';
import { startCoreTransport, type CoreTransportOptions } from './service/core/core-transport';
import { startStandaloneServer } from './service/standalone/standalone-transport';
import type { ServiceTransport } from './service/transport';
import { coreInputs, hasBroker, standaloneInputs } from './service/transport-options';
import { openStateDb } from './state';
import { createTcClient } from './threatconnect';

export interface StartOptions {
  /** Where install.json and the bundle live. */
  installDir: string;
  /** `--host` / `--port` from the command line (standalone). */
  flags?: { host?: string; port?: string };
  /** Extra log sinks (tests capture logs this way). */
  logStreams?: NodeJS.WritableStream[];
  /** Log to the console too; default on when standalone. */
  console?: boolean;
  /** How long each worker gets to reach a safe point at shutdown. Default 30 s. */
  workerStopMs?: number;
  /** How long running requests get at shutdown. Default 10 s. */
  requestGraceMs?: number;
  /** Core transport tuning. */
  core?: Partial<Pick<CoreTransportOptions, 'brokerCheckWaitMs' | 'maxConcurrentRequests' | 'discoveryTypes'>>;
}

export interface RunningService {
  readonly mode: ServeMode;
  /** The standalone server's root URL. */
  readonly url?: string;
  readonly logger: Logger;
  /** Resolves with the exit code once the service has stopped. */
  readonly done: Promise<number>;
  /** Stops the service as Shutdown or SIGTERM would; resolves with the exit code. */
  shutdown(reason: string): Promise<number>;
}

/**
 * Starts a service from already loaded inputs, in the fixed order logger → clients → state → the app function →
 * serve → workers. A start-up failure undoes what was started and throws. Shutdown (Core's Shutdown, the
 * heartbeat watchdog, `shutdown()`): stop accepting requests, abort `ctx.signal`, stop workers (each within its
 * time limit), let running requests finish, run shutdown hooks, close the state, close the log.
 * @example const service = await startService(app, inputs, { installDir: __dirname }); process.exitCode = await service.done;
 */
export async function startService<TInputs>(
  definition: AppDefinition<TInputs>,
  inputs: Record<string, unknown>,
  options: StartOptions,
): Promise<RunningService> {
  const mode: ServeMode = hasBroker(inputs) ? 'core' : 'standalone';
  const paths = pathsFromInputs(inputs, options.installDir);
  const logger = createLogger({ ...loggerOptionsFromInputs(inputs, paths), console: options.console ?? mode === 'standalone', streams: options.logStreams });
  let resolveDone: (code: number) => void = () => undefined;
  const done = new Promise<number>((resolve) => (resolveDone = resolve));
  const controller = new AbortController();
  const started: AppWorker[] = [];
  let transport: ServiceTransport | undefined;
  let db: Database | undefined;
  let hooks: Array<() => void | Promise<void>> = [];
  let stopping: Promise<number> | undefined;
  const shutdown = (reason: string): Promise<number> => {
    stopping ??= (async () => {
      logger.info('Shutting down', { reason });
      transport?.stopAccepting();
      controller.abort(new Error(`Shutting down: ${reason}`));
      for (const worker of [...started].reverse()) {
        await settleWithin(Promise.resolve().then(() => worker.stop()), options.workerStopMs ?? 30_000, `Stopping worker "${worker.name}"`, logger);
      }
      await transport?.close(options.requestGraceMs);
      for (const hook of hooks) await settleWithin(Promise.resolve().then(hook), 10_000, 'A shutdown hook', logger);
      db?.close();
      logger.info('Service stopped', { reason });
      await logger.close();
      resolveDone(0);
      return 0;
    })();
    return stopping;
  };
  try {
    // Settings are checked before anything is opened, so a bad configuration fails fast and leaves nothing behind.
    const core = mode === 'core' ? coreInputs(inputs) : undefined;
    const standalone = mode === 'standalone' ? standaloneInputs(inputs, options.flags) : undefined;
    const tc = createTcClient(tcOptionsFromInputs(inputs, logger));
    db = openStateDb(path.join(paths.out, 'state.db'));
    const http = createHttpApp({ logger });
    const collected = createRegistrar(http);
    hooks = collected.shutdownHooks;
    const ctx: AppContext<TInputs> = { inputs: inputs as TInputs, logger, tc, db, paths, mode, signal: controller.signal };
    await definition.setup(collected.registrar, ctx);

    const onShutdown = (reason: string) => void shutdown(reason);
    transport = core
      ? await startCoreTransport({ ...core, ...options.core, handler: http.handler, logger, onShutdown })
      : await startStandaloneServer({ ...standalone, handler: http.handler, logger });
    const serving = transport;
    http.health.add('service', () => serving.health());
    for (const worker of collected.workers) {
      await worker.start(controller.signal);
      started.push(worker);
    }
    const url = 'url' in serving ? String(serving.url) : undefined;
    logger.info('Service started', { mode, url, workers: started.map((w) => w.name) });
    return { mode, url, logger, done, shutdown };
  } catch (err) {
    logger.critical('The service could not start', { error: err instanceof Error ? err.message : String(err) });
    controller.abort();
    for (const worker of started.reverse()) await Promise.resolve().then(() => worker.stop()).catch(() => undefined);
    await transport?.close(0).catch(() => undefined);
    db?.close();
    await logger.close();
    throw err;
  }
}
