// `npm run export -- --inputs <file> --mode full|delta [--config <queries.json>]`: runs one export job to its end.
// A job a crash interrupted is resumed first (and is the job this run finishes). Exit 0 when the job reached
// Upload Complete, 1 otherwise with the reason; a progress bar on a terminal, and a summary.
import { createPrivateFiles, keepFilesPrivate } from '../../sdk/private-files';
import { createRequestValidators } from '../routes/validate-request';
import { validateQueries } from '../routes/validate-queries';
import fs from 'node:fs';
import path from 'node:path';
import { loggerOptionsFromInputs, pathsFromInputs, tcOptionsFromInputs } from '../../sdk/context';
import { loadInputs } from '../../sdk/inputs';
import { createLogger } from '../../sdk/logger';
import { loadManifest } from '../../sdk/manifest';
import { openStateHandle } from '../../sdk/state';
import { StateGuard } from '../state-guard';
import { createTcClient } from '../../sdk/threatconnect';
import { createAppEngine } from '../create-app-engine';
import type { QueryConfig, UpdateMode } from '../export/types';
import { APP_INPUT_RULES, type AppInputs } from '../inputs';
import { progressLine, summaryLines } from './progress-line';

interface CliArgs {
  inputs?: string;
  mode?: UpdateMode;
  config?: string;
}

const USAGE = 'usage: npm run export -- --inputs <inputs.json> [--mode full|delta] [--config <queries.json>]';

function parseArgs(argv: string[]): CliArgs {
  const args: CliArgs = {};
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i]!.split('=', 2) as [string, string | undefined];
    const value = () => {
      const v = inline ?? argv[++i];
      if (v === undefined) throw new Error(`${flag} needs a value`);
      return v;
    };
    if (flag === '--inputs') args.inputs = value();
    else if (flag === '--config') args.config = value();
    else if (flag === '--mode') {
      const mode = value();
      if (mode !== 'full' && mode !== 'delta') throw new Error(`--mode must be full or delta, got "${mode}"`);
      args.mode = mode;
    } else if (flag === '--help' || flag === '-h') {
      console.log(USAGE);
      process.exit(0);
    } else throw new Error(`unknown option ${flag}`);
  }
  return args;
}

/** install.json beside the bundle or in a folder above it (dist/tools → the repository). */
function findInstallDir(start: string): string {
  for (let dir = start; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'install.json'))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`install.json not found above ${start}`);
  }
}

function readQueries(file: string): QueryConfig[] {
  const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as unknown;
  const queries = Array.isArray(parsed) ? parsed : (parsed as { queries?: unknown }).queries;
  if (!Array.isArray(queries)) throw new Error(`${file} must hold a list of query configurations (or {"queries": [...]})`);
  return queries as QueryConfig[];
}

async function run(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  const installDir = findInstallDir(path.dirname(path.resolve(process.argv[1] ?? '.')));
  const { install } = loadManifest(installDir, { rules: APP_INPUT_RULES });
  if (!args.inputs && !process.env.TC_APP_PARAM_FILE) throw new Error(`--inputs is required\n${USAGE}`);
  const inputs = loadInputs(install, { inputsFile: args.inputs }, APP_INPUT_RULES) as unknown as AppInputs & Record<string, unknown>;
  const paths = pathsFromInputs(inputs, path.dirname(path.resolve(args.inputs ?? '.')));
  const logger = createLogger({ ...loggerOptionsFromInputs(inputs, paths), console: false });
  const tc = createTcClient(tcOptionsFromInputs(inputs, logger));
  fs.mkdirSync(paths.out, { recursive: true });
  createPrivateFiles();
  keepFilesPrivate([paths.out, paths.temp, paths.log]);
  const state = openStateHandle(paths.out);
  if (state.condition.status === 'damaged') {
    state.close();
    throw new Error(`the state database ${state.file} is damaged (${state.condition.problems?.[0] ?? 'SQLite refused it'}); nothing was run. See docs/state.md to restore a copy.`);
  }
  const guard = new StateGuard(state, logger, () => ({ start: () => undefined, stop: async () => undefined }));
  const missing = guard.view();
  if (missing.status === 'missing') console.error(`warning: ${missing.message} ${missing.wayOut}`);
  const { engine, close: closeEngine } = createAppEngine({ inputs, db: state.db, logger, tc, paths, afterSuccess: () => guard.copy() });
  const close = async () => {
    closeEngine();
    tc.close();
    state.close();
    await logger.close();
  };
  try {
    if (args.config) {
      // The same checks as PUT /api/config, in the same order.
      const input = { queries: readQueries(args.config), nextUpdate: args.mode ?? 'delta' };
      const checked = await validateQueries(engine, createRequestValidators().configInput(input), (i) => i.queries, (i) => `queries/${i}`);
      if (!checked.ok) throw new Error(`the query configurations are invalid: ${checked.problems.map((p) => `${p.path}: ${p.message}`).join('; ')}`);
      engine.saveConfig(checked.value);
    }
    if (engine.getConfig().queries.length === 0) throw new Error('there are no query configurations: pass --config <queries.json> or save some in the UI');
    const mode = args.mode ?? engine.getConfig().nextUpdate;
    const tty = process.stdout.isTTY === true;
    let lastStatus = '';
    const show = () => {
      const id = engine.scheduler.runningJob;
      const job = id ? engine.getJob(id) : undefined;
      if (!job) return;
      if (tty) process.stdout.write(`\r${progressLine(job)}`);
      else if (job.status !== lastStatus) console.log(`${new Date().toISOString()} ${job.status}`);
      lastStatus = job.status;
    };
    const ticker = setInterval(show, 250);
    const stop = (signal: string) => {
      console.error(`\n${signal}: stopping at the next safe point; the job resumes on the next run`);
      void engine.stop();
    };
    process.once('SIGINT', () => stop('SIGINT'));
    process.once('SIGTERM', () => stop('SIGTERM'));
    const { requestId, resumed } = await engine.scheduler.runOnce(mode);
    clearInterval(ticker);
    if (tty) process.stdout.write('\n');
    const job = engine.getJob(requestId)!;
    if (resumed) console.log(`Resumed job ${requestId}, which an earlier run left unfinished.`);
    for (const line of summaryLines(job)) console.log(line);
    if (job.status === 'Upload Complete') return 0;
    console.error(`export failed: ${job.error ?? `the job stopped at ${job.status}`}`);
    return 1;
  } finally {
    await close();
  }
}

run().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(`export failed: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  },
);
