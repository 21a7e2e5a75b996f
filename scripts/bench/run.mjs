#!/usr/bin/env node
// Runs one or more benchmarks: `node scripts/bench/run.mjs <name> [...]` bundles scripts/bench/<name>.bench.ts with
// esbuild (dependencies stay in node_modules) and runs it in its own Node process. A benchmark prints its figures as
// one line `BENCH {"name", "metrics": {key: {value, unit, goal?}}}` among any other output.
import { build } from 'esbuild';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { WORKERS } from '../build.mjs';
import { appRuntime, appRuntimeEnv, appRuntimeFlags } from '../runtime.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** Bundles and runs one benchmark; resolves with the parsed BENCH records it printed. */
export async function runBench(name, { echo = true, args = [] } = {}) {
  const outfile = path.join(root, 'dist/bench', `${name}.js`);
  await build({
    // The App's worker threads are found beside the bundle that runs it.
    entryPoints: { [name]: path.join(root, 'scripts/bench', `${name}.bench.ts`), ...WORKERS },
    outdir: path.join(root, 'dist/bench'),
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node24',
    packages: 'external',
    sourcemap: 'inline',
    logLevel: 'warning',
  });
  return new Promise((resolve, reject) => {
    const child = spawn(appRuntime(), [...appRuntimeFlags(), '--expose-gc', outfile, ...args], {
      cwd: root,
      env: appRuntimeEnv(),
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const records = [];
    let buffer = '';
    child.stdout.on('data', (chunk) => {
      buffer += chunk;
      let nl;
      while ((nl = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 1);
        if (line.startsWith('BENCH ')) records.push(JSON.parse(line.slice(6)));
        if (echo) process.stdout.write(`${line}\n`);
      }
    });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(records) : reject(new Error(`benchmark ${name} exited with ${code}`))));
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const names = process.argv.slice(2);
  if (names.length === 0) {
    console.error('usage: node scripts/bench/run.mjs <name> [...]   (runs scripts/bench/<name>.bench.ts)');
    process.exit(1);
  }
  for (const name of names) await runBench(name);
}
