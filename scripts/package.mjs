#!/usr/bin/env node
// Builds the App and writes target/<folder>.tcx, a zip whose single top folder `TCVA_-_<AppName>_v<major>` holds
// install.json, layout.json, README.md, the bundled runtime (app.js), the UI assets and the native modules the
// bundle cannot inline — nothing else. The manifest is validated first; any problem stops the build.
// Usage: node scripts/package.mjs
import AdmZip from 'adm-zip';
import { build } from 'esbuild';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { buildAll } from './build.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);

/** Runtime files of the native modules the bundle leaves external (build-time files such as sources are left out). */
const NATIVE_FILES = {
  'better-sqlite3': ['package.json', 'LICENSE', 'lib', 'build/Release/better_sqlite3.node'],
  bindings: ['package.json', 'LICENSE.md', 'bindings.js'],
  'file-uri-to-path': ['package.json', 'LICENSE', 'index.js'],
};

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
  const name = String(install.displayName).trim().replace(/[^A-Za-z0-9]+/g, '_');
  const major = String(install.programVersion).split('.')[0];
  return `TCVA_-_${name}_v${major}`;
}

function addTree(zip, source, zipDir) {
  const stat = fs.statSync(source);
  if (stat.isDirectory()) {
    for (const entry of fs.readdirSync(source)) addTree(zip, path.join(source, entry), `${zipDir}/${entry}`);
  } else {
    zip.addFile(zipDir, fs.readFileSync(source), '', stat.mode << 16);
  }
}

/** Validates the manifest, builds, and writes `<targetDir>/<folder>.tcx` (default target/). */
export async function packageApp({ outDir, targetDir = path.join(root, 'target') } = {}) {
  const { loadManifest } = await loadManifestChecker();
  const manifest = loadManifest(root); // throws with every problem listed
  const { packageDir } = await buildAll({ outDir });
  const folder = packageFolderName(manifest.install);
  const zip = new AdmZip();
  addTree(zip, packageDir, folder);
  for (const [name, files] of Object.entries(NATIVE_FILES)) {
    const dir = path.dirname(require.resolve(`${name}/package.json`));
    for (const file of files) addTree(zip, path.join(dir, file), `${folder}/node_modules/${name}/${file}`);
  }
  fs.mkdirSync(targetDir, { recursive: true });
  const target = path.join(targetDir, `${folder}.tcx`);
  zip.writeZip(target);
  return { target, folder };
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
