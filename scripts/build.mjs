#!/usr/bin/env node
// Builds everything the App runs from, with esbuild:
//   dist/package/  the .tcx folder's contents: app.js (service runtime), convert-worker.js, install.json, layout.json,
//                  README.md, ui/
//   dist/tools/    the command-line tools run from the repository (demo, export CLI)
// Usage: node scripts/build.mjs [--quiet]
import { build } from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildUi } from './build-ui.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = path.join(root, 'dist');
const quiet = process.argv.includes('--quiet');

/** Optional native helpers of ws that the bundle leaves out (ws runs without them). */
export const EXTERNAL = ['bufferutil', 'utf-8-validate'];

const serverOptions = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node24',
  external: EXTERNAL,
  legalComments: 'none',
  logLevel: 'warning',
  // ajv and winston read package.json-relative files only through require(); nothing to copy.
};

/** Tool entry points (relative to the repository), bundled into dist/tools/<name>.js when present. */
const TOOLS = { demo: 'app/demo/main.ts', export: 'app/cli/export-main.ts' };
/** Worker threads the App starts, bundled beside every entry point that runs the App (found by file name). */
export const WORKERS = { 'convert-worker': path.join(root, 'app/export/convert/convert-worker.ts') };

/** Builds into `outDir` (default dist/): package/ (the .tcx contents) and tools/. */
export async function buildAll({ outDir = out } = {}) {
  const pkg = path.join(outDir, 'package');
  fs.rmSync(pkg, { recursive: true, force: true });
  fs.mkdirSync(pkg, { recursive: true });
  await build({ ...serverOptions, entryPoints: { app: path.join(root, 'app/main.ts'), ...WORKERS }, outdir: pkg });
  for (const file of ['install.json', 'layout.json', 'README.md']) {
    fs.copyFileSync(path.join(root, file), path.join(pkg, file));
  }
  const ui = await buildUi({ root, outdir: path.join(pkg, 'ui') });
  const tools = Object.fromEntries(
    Object.entries(TOOLS)
      .filter(([, entry]) => fs.existsSync(path.join(root, entry)))
      .map(([name, entry]) => [name, path.join(root, entry)]),
  );
  if (Object.keys(tools).length > 0) {
    await build({ ...serverOptions, entryPoints: { ...tools, ...WORKERS }, outdir: path.join(outDir, 'tools') });
  }
  return { packageDir: pkg, ui };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const started = Date.now();
  const { packageDir, ui } = await buildAll();
  if (!quiet) {
    console.log(`built ${path.relative(root, packageDir)} in ${Date.now() - started} ms (UI ${ui.gzipBytes} bytes gzipped)`);
  }
}
