#!/usr/bin/env node
// `npm run export -- --inputs <file> --mode full|delta [--config <queries.json>]`: bundles the export CLI
// (app/cli/export-main.ts) and runs it with the given arguments; its exit code is this script's.
import { build } from 'esbuild';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { EXTERNAL } from './build.mjs';
import { appRuntime, appRuntimeEnv, appRuntimeFlags } from './runtime.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outfile = path.join(root, 'dist/tools/export.js');
await build({
  entryPoints: [path.join(root, 'app/cli/export-main.ts')],
  outfile,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node24',
  external: EXTERNAL,
  logLevel: 'warning',
});
const child = spawn(appRuntime(), [...appRuntimeFlags(), outfile, ...process.argv.slice(2)], { stdio: 'inherit', env: appRuntimeEnv() });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
