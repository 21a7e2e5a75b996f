// The Node.js runtime the App ships with (the `node` devDependency, pinned in package.json) and the options it
// starts with (runtime/node-flags.json, which run.py passes too): the demo, the export CLI and the benchmarks run on
// them even when started with another `node`, so what runs here is what ships.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** The pinned runtime's binary (node_modules/node/bin/node); this process's own when npm ci has not installed it. */
export function appRuntime() {
  const pinned = path.join(root, 'node_modules/node/bin/node');
  return fs.existsSync(pinned) ? pinned : process.execPath;
}

/** The options the App's runtime starts with. */
export function appRuntimeFlags() {
  return JSON.parse(fs.readFileSync(path.join(root, 'runtime/node-flags.json'), 'utf8')).flags;
}

/**
 * The environment the App's runtime starts with: `base` plus the variables runtime/node-flags.json names under
 * "env", where `base` does not set them (run.py does the same).
 */
export function appRuntimeEnv(base = process.env) {
  const defaults = JSON.parse(fs.readFileSync(path.join(root, 'runtime/node-flags.json'), 'utf8')).env ?? {};
  const env = { ...base };
  for (const [key, value] of Object.entries(defaults)) if (env[key] === undefined) env[key] = value;
  return env;
}
