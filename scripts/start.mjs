#!/usr/bin/env node
// `npm start [-- --port N] [-- --host H] [-- --work-dir D] [-- --reset] [-- --inputs <file>]`: builds the App if
// dist/ is missing or older than its sources (a second or so), then runs dist/tools/demo.js: with no inputs the demo
// against the built-in simulators, with --inputs the App for real. Ctrl-C stops everything; the exit code is the
// App's.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildAll } from './build.mjs';
import { appRuntime, appRuntimeEnv, appRuntimeFlags } from './runtime.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** What the build reads: a change to any of them makes dist/ stale. */
const SOURCES = [
  'app',
  'sdk',
  'ui',
  'scripts/build.mjs',
  'scripts/build-ui.mjs',
  'install.json',
  'layout.json',
  'README.md',
  'package.json',
  'package-lock.json',
];
/** What the build writes that the demo runs. */
const OUTPUTS = ['dist/tools/demo.js', 'dist/package/app.js', 'dist/package/install.json', 'dist/package/ui/index.html'];

/** The newest modification time under `file` (a file or a folder, recursively); 0 when it does not exist. */
function newestMtime(file) {
  let stat;
  try {
    stat = fs.statSync(file);
  } catch {
    return 0;
  }
  if (!stat.isDirectory()) return stat.mtimeMs;
  return fs.readdirSync(file).reduce((newest, name) => Math.max(newest, newestMtime(path.join(file, name))), stat.mtimeMs);
}

/** True when an output is missing or older than a source. */
function isStale() {
  const oldestOutput = Math.min(...OUTPUTS.map((f) => newestMtime(path.join(root, f))));
  return oldestOutput === 0 || SOURCES.some((f) => newestMtime(path.join(root, f)) > oldestOutput);
}

// Building only when needed leaves dist/ alone while something else (another demo, a test) runs from it.
if (isStale()) {
  const started = Date.now();
  await buildAll();
  console.log(`Built the App in ${Date.now() - started} ms.`);
}
const child = spawn(appRuntime(), [...appRuntimeFlags(), path.join(root, 'dist/tools/demo.js'), ...process.argv.slice(2)], {
  stdio: 'inherit',
  env: appRuntimeEnv(),
});
// Ctrl-C reaches the child too (same process group); pass on what only this process received, then wait for it.
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
