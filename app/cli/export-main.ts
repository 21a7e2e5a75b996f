// `npm run export -- --inputs <file> --mode full|delta [--config <queries.json>]`: runs one export job to its end.
// A job a crash interrupted is resumed first (and is the job this run finishes). Exit 0 when the job reached
// Upload Complete, 1 otherwise with the reason; a progress bar on a terminal, and a summary.
import fs from 'node:fs';
import path from 'node:path';
import { errorMessage, runOnce } from '../../sdk';
import { createRequestValidators } from '../routes/validate-request';
import { validateQueries } from '../routes/validate-queries';
import { StateGuard } from '../state-guard';
import { connectExportEngine } from '../connect-export-engine';
import type { ExportEngine } from '../export/engine/export-engine';
import type { QueryConfig, UpdateMode } from '../export/types';
import { APP_INPUT_RULES, parseAppInputs, type AppInputs } from '../inputs';
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
  if (!args.inputs && !process.env.TC_APP_PARAM_FILE) throw new Error(`--inputs is required\n${USAGE}`);
  const installDir = findInstallDir(path.dirname(path.resolve(process.argv[1] ?? '.')));
  return runOnce<AppInputs, number>({ installDir, inputsFile: args.inputs, app: { inputRules: APP_INPUT_RULES, parseInputs: parseAppInputs } }, async (ctx) => {
    const guard = new StateGuard(ctx.state, ctx.logger, () => ({ start: () => undefined, stop: async () => undefined }));
    const missing = guard.view();
    if (missing.status === 'missing') console.error(`warning: ${missing.message} ${missing.wayOut}`);
    const { engine, close } = connectExportEngine({
      inputs: ctx.inputs,
      db: ctx.db,
      logger: ctx.logger,
      tc: ctx.tc,
      paths: ctx.paths,
      afterSuccess: () => guard.copy(),
    });
    try {
      return await exportOnce(engine, args, ctx.signal);
    } finally {
      close();
    }
  });
}

/** Saves the configurations given (checked as PUT /api/config checks them), then runs one job to its end. */
async function exportOnce(engine: ExportEngine, args: CliArgs, signal: AbortSignal): Promise<number> {
  if (args.config) {
    // The same checks as PUT /api/config, in the same order.
    const input = { queries: readQueries(args.config), nextUpdate: args.mode ?? 'delta' };
    const checked = await validateQueries(
      engine,
      createRequestValidators().configInput(input),
      (i) => i.queries,
      (i) => `queries/${i}`,
    );
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
  const stop = () => {
    console.error(`\n${(signal.reason as Error).message}; the job resumes on the next run`);
    void engine.stop();
  };
  signal.addEventListener('abort', stop, { once: true });
  try {
    const { requestId, resumed } = await engine.scheduler.runOnce(mode);
    if (tty) process.stdout.write('\n');
    const job = engine.getJob(requestId)!;
    if (resumed) console.log(`Resumed job ${requestId}, which an earlier run left unfinished.`);
    for (const line of summaryLines(job)) console.log(line);
    if (job.status === 'Upload Complete') return 0;
    console.error(`export failed: ${job.error ?? `the job stopped at ${job.status}`}`);
    return 1;
  } finally {
    clearInterval(ticker);
    signal.removeEventListener('abort', stop);
  }
}

run().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(`export failed: ${errorMessage(err)}`);
    process.exit(1);
  },
);
