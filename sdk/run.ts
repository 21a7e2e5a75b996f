import fs from 'node:fs';
import path from 'node:path';
import { loadInputs } from './inputs/load-inputs';
import { loadManifest } from './manifest/load-manifest';
import { loggerOptionsFromInputs, pathsFromInputs, tcOptionsFromInputs, type AppContext, type ServeMode } from './context';
import { createRegistrar, settleWithin, typedInputs, type AppDefinition, type AppWorker } from './define-app';
import { createLogger, type Logger } from './logger';
import { createHttpApp } from './service/create-http-app';
import { startCoreTransport, type CoreTransportOptions } from './service/core/core-transport';
import { createPrivateFiles, keepFilesPrivate } from './private-files';
import { startStandaloneServer, type StandaloneTransport } from './service/standalone/standalone-transport';
import type { ServiceTransport } from './service/transport';
import { coreInputs, hasBroker, standaloneInputs } from './service/transport-options';
import { openStateHandle, type StateHandle } from './state';
import { createTcClient } from './threatconnect';
import { errorMessage } from './error-message';

/** Where a standalone server writes the access token it made at start (under tc_out_path; only its owner reads it). */
export const STANDALONE_TOKEN_FILE = 'service-access-token';

export interface StartOptions {
  /** Where install.json and the bundle live. */
  installDir: string;
  /** `--host`, `--port` and `--no-token` from the command line (standalone). */
  flags?: { host?: string; port?: string; noToken?: boolean };
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
  /** The root URL with the access token, to open the UI with once (standalone, with a token). */
  readonly loginUrl?: string;
  /** Where a token made at start was written (standalone). */
  readonly tokenFile?: string;
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
  keepFilesPrivate([paths.out, paths.temp, paths.log]);
  const logger = createLogger({ ...loggerOptionsFromInputs(inputs, paths), console: options.console ?? mode === 'standalone', streams: options.logStreams });
  let resolveDone: (code: number) => void = () => undefined;
  const done = new Promise<number>((resolve) => (resolveDone = resolve));
  const controller = new AbortController();
  const started: AppWorker[] = [];
  let transport: ServiceTransport | undefined;
  let state: StateHandle | undefined;
  let hooks: Array<() => void | Promise<void>> = [];
  let stopping: Promise<number> | undefined;
  const shutdown = (reason: string): Promise<number> => {
    stopping ??= (async () => {
      logger.info('Shutting down', { reason });
      transport?.stopAccepting();
      controller.abort(new Error(`Shutting down: ${reason}`));
      for (const worker of [...started].reverse()) {
        await settleWithin(
          Promise.resolve().then(() => worker.stop()),
          options.workerStopMs ?? 30_000,
          `Stopping worker "${worker.name}"`,
          logger,
        );
      }
      await transport?.close(options.requestGraceMs);
      for (const hook of hooks) await settleWithin(Promise.resolve().then(hook), 10_000, 'A shutdown hook', logger);
      state?.close();
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
    state = openStateHandle(paths.out);
    if (state.condition.status === 'damaged') {
      logger.critical('The state database is damaged: the service starts without it', {
        file: state.file,
        problems: state.condition.problems,
        checkMs: state.condition.checkMs,
      });
    } else logger.info('State database checked', { status: state.condition.status, checkMs: state.condition.checkMs });
    const http = createHttpApp({ logger });
    const collected = createRegistrar(http);
    hooks = collected.shutdownHooks;
    const ctx: AppContext<TInputs> = { inputs: typedInputs(definition, inputs), logger, tc, db: state.db, state, paths, mode, signal: controller.signal };
    await definition.setup(collected.registrar, ctx);

    const onShutdown = (reason: string) => void shutdown(reason);
    transport = core
      ? await startCoreTransport({ ...core, ...options.core, handler: http.handler, logger, onShutdown })
      : await startStandaloneServer({ ...standalone!, handler: http.handler, logger, tokenFile: path.join(paths.out, STANDALONE_TOKEN_FILE) });
    const serving = transport;
    http.health.add('service', () => serving.health());
    for (const worker of collected.workers) {
      await worker.start(controller.signal);
      started.push(worker);
    }
    const url = 'url' in serving ? String(serving.url) : undefined;
    logger.info('Service started', { mode, url, workers: started.map((w) => w.name) });
    const { loginUrl, tokenFile } = serving as Partial<StandaloneTransport>;
    return { mode, url, ...(loginUrl ? { loginUrl } : {}), ...(tokenFile ? { tokenFile } : {}), logger, done, shutdown };
  } catch (err) {
    logger.critical('The service could not start', { error: errorMessage(err) });
    controller.abort();
    for (const worker of started.reverse())
      await Promise.resolve()
        .then(() => worker.stop())
        .catch(() => undefined);
    await transport?.close(0).catch(() => undefined);
    state?.close();
    await logger.close();
    throw err;
  }
}

export interface MainOptions {
  /** Where install.json lives; default the folder of the running script (the bundle folder). */
  installDir?: string;
  argv?: string[];
  env?: NodeJS.ProcessEnv;
}

/** `--inputs <file>`, `--host <addr>`, `--port <n>`, `--no-token` from the command line. */
export function parseServiceArgs(argv: string[]): { inputsFile?: string; host?: string; port?: string; noToken?: boolean } {
  const out: { inputsFile?: string; host?: string; port?: string; noToken?: boolean } = {};
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = (argv[i] ?? '').split('=', 2) as [string, string | undefined];
    const value = () => inline ?? argv[++i];
    if (flag === '--inputs') out.inputsFile = value();
    else if (flag === '--host') out.host = value();
    else if (flag === '--port') out.port = value();
    else if (flag === '--no-token') out.noToken = true;
  }
  return out;
}

/**
 * Loads the manifest and inputs, then starts the service; shapes the inputs error and such into one line.
 * @example const service = await launchService(app, { installDir: __dirname });
 */
export async function launchService<TInputs>(definition: AppDefinition<TInputs>, options: MainOptions & Partial<StartOptions> = {}): Promise<RunningService> {
  const installDir = options.installDir ?? path.dirname(path.resolve(process.argv[1] ?? '.'));
  const args = parseServiceArgs(options.argv ?? process.argv.slice(2));
  const { install } = loadManifest(installDir, { rules: definition.inputRules });
  const inputsFile = args.inputsFile ?? (options.env ?? process.env).TC_APP_INPUTS_FILE ?? defaultInputsFile(installDir);
  const inputs = loadInputs(install, { env: options.env, inputsFile }, definition.inputRules);
  return startService(definition, inputs, { ...options, installDir, flags: { host: args.host, port: args.port, noToken: args.noToken, ...options.flags } });
}

function defaultInputsFile(installDir: string): string | undefined {
  const file = path.join(installDir, 'app_inputs.json');
  return fs.existsSync(file) ? file : undefined;
}

/**
 * The process entry point: start the service, stop it cleanly on SIGTERM/SIGINT (or Core's Shutdown) and exit 0;
 * on a fatal start-up error print one line to stderr and exit 1.
 * @example main(app); // app/main.ts
 */
export function main<TInputs>(definition: AppDefinition<TInputs>, options: MainOptions = {}): void {
  createPrivateFiles();
  void (async () => {
    let service: RunningService;
    try {
      service = await launchService(definition, options);
    } catch (err) {
      const message = errorMessage(err).replace(/\s*\n\s*-?\s*/g, '; ');
      process.stderr.write(`The service could not start: ${message}\n`);
      process.exit(1);
    }
    // The address to open, token included, goes to the terminal that started the service, never to the log.
    if (service.loginUrl)
      process.stdout.write(`Open the UI: ${service.loginUrl}\n${service.tokenFile ? `(the access token is also in ${service.tokenFile})\n` : ''}`);
    const stop = (signal: string) => void service.shutdown(signal);
    process.once('SIGTERM', () => stop('SIGTERM'));
    process.once('SIGINT', () => stop('SIGINT'));
    process.exit(await service.done);
  })();
}
