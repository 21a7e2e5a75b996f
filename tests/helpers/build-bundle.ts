import path from 'node:path';
import { build } from 'esbuild';

const ROOT = path.resolve(__dirname, '../..');

/**
 * Bundles entry points for Node as the App's build does (CommonJS, node24, ws's optional native helpers left out),
 * each to `<outdir>/<name>.js`. Keep `outdir` inside the repository so the bundle finds node_modules.
 * @example await bundleForNode({ app: 'tests/…/test-app-main.ts' }, dir)
 */
export async function bundleForNode(entryPoints: Record<string, string>, outdir: string): Promise<void> {
  await build({
    entryPoints,
    outdir,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node24',
    external: ['bufferutil', 'utf-8-validate'],
    logLevel: 'warning',
  });
}

/**
 * Bundles the App as `npm run build` does for its package: `app.js` and, beside it, the conversion worker it
 * starts (`convert-worker.js`). `worker: 'only'` builds the worker alone.
 * @example await buildAppBundle(dir); spawn(process.execPath, ['app.js', …], { cwd: dir })
 */
export async function buildAppBundle(outdir: string, { worker = true }: { worker?: boolean | 'only' } = {}): Promise<void> {
  const entryPoints: Record<string, string> = {};
  if (worker !== 'only') entryPoints.app = path.join(ROOT, 'app/main.ts');
  if (worker) entryPoints['convert-worker'] = path.join(ROOT, 'app/export/convert/convert-worker.ts');
  await bundleForNode(entryPoints, outdir);
}
