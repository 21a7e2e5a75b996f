// Bundles the Preact UI (ui/main.tsx and the CSS it imports) into content-hashed files and writes an index.html
// whose every URL is relative, so the UI works behind ThreatConnect's /api/services/<path>/v<major>/ prefix.
import { build } from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

/** Builds the UI into `outdir`; resolves with the emitted files and their total gzipped size. */
export async function buildUi({ root, outdir, minify = true }) {
  fs.rmSync(outdir, { recursive: true, force: true });
  const result = await build({
    entryPoints: [path.join(root, 'ui/main.tsx')],
    outdir,
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: ['chrome110', 'firefox110', 'safari16'],
    jsx: 'automatic',
    jsxImportSource: 'preact',
    entryNames: '[name]-[hash]',
    assetNames: '[name]-[hash]',
    minify,
    metafile: true,
    logLevel: 'warning',
    legalComments: 'none',
  });
  const files = Object.keys(result.metafile.outputs).map((f) => path.basename(f));
  const js = files.find((f) => f.endsWith('.js'));
  const css = files.find((f) => f.endsWith('.css'));
  const template = fs.readFileSync(path.join(root, 'ui/index.html'), 'utf8');
  for (const placeholder of ['<!--CSS-->', '<!--JS-->']) {
    // Without it the page would load without its script or styles, and nothing else would say so.
    if (!template.includes(placeholder)) throw new Error(`ui/index.html has no ${placeholder} placeholder`);
  }
  // Replacer functions, so a `$` in a file name could never be read as a replacement pattern.
  // v<major>/ui/…: right whether the page's address ends in "/" or not (see ui/index.html).
  const major = String(JSON.parse(fs.readFileSync(path.join(root, 'install.json'), 'utf8')).programVersion).split('.')[0];
  const assets = `v${major}/ui`;
  const html = template
    .replace('<!--CSS-->', () => (css ? `<link rel="stylesheet" href="${assets}/${css}">` : ''))
    .replace('<!--JS-->', () => `<script type="module" src="${assets}/${js}"></script>`);
  fs.writeFileSync(path.join(outdir, 'index.html'), html);
  const gzipBytes = files
    .filter((f) => f.endsWith('.js') || f.endsWith('.css'))
    .reduce((sum, f) => sum + zlib.gzipSync(fs.readFileSync(path.join(outdir, f)), { level: 9 }).length, 0);
  return { files: [...files, 'index.html'], gzipBytes };
}
