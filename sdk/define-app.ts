import type { Router } from 'express';
import type { AppContext } from './context';
import type { Logger } from './logger';
import type { ParamRule } from './manifest/find-manifest-issues';
import type { HealthContributor } from './service/health';
import type { ServiceHttpApp } from './service/create-http-app';
import { errorMessage } from './error-message';

/**
 * Background work that lives as long as the service (a scheduler, a cleaner). `start` must return promptly (start
 * timers or a loop, don't await it); `stop` must bring the work to a safe point and resolve when it is there.
 */
export interface AppWorker {
  name: string;
  start(signal: AbortSignal): void | Promise<void>;
  stop(): void | Promise<void>;
}

/** What the app function registers things into. */
export interface AppRegistrar {
  /** Routes relative to the service root (`/api/...`), served by both transports. */
  readonly routes: Router;
  /** Serves static files (the UI) at the service root, after the routes. */
  ui(dir: string): void;
  /** Adds fields to `GET /api/health` under `name`. */
  health(name: string, contributor: HealthContributor): void;
  /** Registers background work, started once the service is serving and stopped first at shutdown. */
  worker(worker: AppWorker): void;
  /** Runs at shutdown after the workers stopped and before the state database closes, in registration order. */
  onShutdown(hook: () => void | Promise<void>): void;
}

export type AppSetup<TInputs> = (app: AppRegistrar, ctx: AppContext<TInputs>) => void | Promise<void>;

export interface AppDefinition<TInputs = Record<string, unknown>> {
  readonly setup: AppSetup<TInputs>;
  /** The app's own checks per param, applied to inputs at start-up and to install.json defaults. */
  readonly inputRules?: Readonly<Record<string, ParamRule>>;
  /** Turns the checked inputs into the App's typed view (numbers as numbers); without it they are handed on as they are. */
  readonly parseInputs?: (inputs: Record<string, unknown>) => TInputs;
}

/**
 * Declares an App: one function that registers routes, UI, health fields, workers and shutdown hooks. `run()`
 * calls it once, with the context, after inputs, logger, clients and state are ready.
 * @example export default defineApp<AppInputs>((app, ctx) => { app.routes.use(createApiRouter(ctx)); app.worker(scheduler); });
 */
export function defineApp<TInputs = Record<string, unknown>>(
  setup: AppSetup<TInputs>,
  options: Omit<AppDefinition<TInputs>, 'setup'> = {},
): AppDefinition<TInputs> {
  return { setup, ...options };
}

/** The inputs as the App reads them: checked by the SDK, then typed by the App's `parseInputs`. */
export function typedInputs<TInputs>(definition: Pick<AppDefinition<TInputs>, 'parseInputs'>, inputs: Record<string, unknown>): TInputs {
  return definition.parseInputs ? definition.parseInputs(inputs) : (inputs as TInputs);
}

/** The registrar run() hands to the app function, and what it collected. */
export interface CollectedApp {
  registrar: AppRegistrar;
  workers: AppWorker[];
  shutdownHooks: Array<() => void | Promise<void>>;
}

export function createRegistrar(http: ServiceHttpApp): CollectedApp {
  const workers: AppWorker[] = [];
  const shutdownHooks: Array<() => void | Promise<void>> = [];
  const registrar: AppRegistrar = {
    routes: http.routes,
    ui: (dir) => http.serveStatic(dir),
    health: (name, contributor) => http.health.add(name, contributor),
    worker(worker) {
      if (workers.some((w) => w.name === worker.name)) throw new Error(`A worker named "${worker.name}" is already registered`);
      workers.push(worker);
    },
    onShutdown: (hook) => void shutdownHooks.push(hook),
  };
  return { registrar, workers, shutdownHooks };
}

/** Waits for `promise` up to `ms`; false when it did not settle in time (its failure is logged, not thrown). */
export async function settleWithin(promise: Promise<unknown>, ms: number, what: string, logger: Logger): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  try {
    const done = promise.then(
      () => true,
      (err: unknown) => {
        logger.error(`${what} failed`, { error: errorMessage(err) });
        return true;
      },
    );
    const settled = await Promise.race([done, timeout]);
    if (!settled) logger.warn(`${what} did not finish within ${ms} ms; going on`);
    return settled;
  } finally {
    clearTimeout(timer);
  }
}
