import fs from 'node:fs';
import path from 'node:path';
import { loadInputs } from './inputs/load-inputs';
import { loadManifest } from './manifest';
import { typedInputs, type AppDefinition } from './define-app';
import { loggerOptionsFromInputs, pathsFromInputs, tcOptionsFromInputs, type AppContext } from './context';
import { createLogger } from './logger';
import { createPrivateFiles, keepFilesPrivate } from './private-files';
import { openStateHandle } from './state';
import { createTcClient } from './threatconnect';

/** What a one-shot run receives: an App's context without serving (no transport, no workers). */
export type OneShotContext<TInputs> = Omit<AppContext<TInputs>, 'mode'>;

export interface RunOnceOptions<TInputs = Record<string, unknown>> {
  /** Where install.json lives. */
  installDir: string;
  /** An inputs JSON file; without it the inputs come from Core's param file (`TC_APP_PARAM_FILE`) or the environment. */
  inputsFile?: string;
  /** The folder relative paths among the inputs are read from; default the inputs file's folder (else the cwd). */
  baseDir?: string;
  env?: NodeJS.ProcessEnv;
  /** The App's own checks and typing of its params (its definition's `inputRules` and `parseInputs`). */
  app?: Omit<AppDefinition<TInputs>, 'setup'>;
  /** Log to the console too (default off: a one-shot command prints its own lines). */
  console?: boolean;
}

/**
 * Runs an App's work once without serving: loads the manifest and inputs as the service does, opens the logger,
 * the ThreatConnect client and the state (refusing a damaged state file), keeps the App's folders private, aborts
 * `ctx.signal` on SIGINT/SIGTERM, runs `work`, and closes everything whatever it ends with.
 * @example const code = await runOnce({ installDir, inputsFile }, async (ctx) => exportOnce(ctx));
 */
export async function runOnce<TInputs, R>(options: RunOnceOptions<TInputs>, work: (ctx: OneShotContext<TInputs>) => Promise<R>): Promise<R> {
  const rules = options.app?.inputRules;
  const { install } = loadManifest(options.installDir, { rules });
  const inputs = loadInputs(install, { env: options.env, inputsFile: options.inputsFile }, rules);
  const paths = pathsFromInputs(inputs, options.baseDir ?? path.dirname(path.resolve(options.inputsFile ?? '.')));
  const logger = createLogger({ ...loggerOptionsFromInputs(inputs, paths), console: options.console ?? false });
  const tc = createTcClient(tcOptionsFromInputs(inputs, logger));
  const controller = new AbortController();
  const onSignal = (signal: NodeJS.Signals) => controller.abort(new Error(`${signal}: stopping at the next safe point`));
  let state: ReturnType<typeof openStateHandle> | undefined;
  try {
    fs.mkdirSync(paths.out, { recursive: true });
    createPrivateFiles();
    keepFilesPrivate([paths.out, paths.temp, paths.log]);
    state = openStateHandle(paths.out);
    if (state.condition.status === 'damaged') {
      throw new Error(
        `the state database ${state.file} is damaged (${state.condition.problems?.[0] ?? 'SQLite refused it'}); nothing was run. See docs/state.md to restore a copy.`,
      );
    }
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
    return await work({ inputs: typedInputs(options.app ?? {}, inputs), logger, tc, db: state.db, state, paths, signal: controller.signal });
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    tc.close();
    state?.close();
    await logger.close();
  }
}
