import fs from 'node:fs';
import path from 'node:path';
import { findManifestIssues, type ManifestCheckOptions } from './find-manifest-issues';
import type { InstallJson, LayoutJson, Manifest } from './types';

/** The manifest is unusable; `issues` lists every problem found. */
export class ManifestError extends Error {
  constructor(readonly issues: string[]) {
    super(`The App's manifest is invalid (${issues.length} problem${issues.length === 1 ? '' : 's'}):\n- ${issues.join('\n- ')}`);
    this.name = 'ManifestError';
  }
}

function readJson(file: string, issues: string[]): unknown {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as unknown;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    issues.push(
      code === 'ENOENT'
        ? `${path.basename(file)} was not found in ${path.dirname(file)}`
        : `${path.basename(file)} is not valid JSON: ${(err as Error).message}`,
    );
    return undefined;
  }
}

/**
 * Reads and checks `<dir>/install.json` and, when present, `<dir>/layout.json`; throws a ManifestError listing
 * every problem. Start-up and packaging both call it.
 * @example const { install } = loadManifest(__dirname);
 */
export function loadManifest(dir: string, options: ManifestCheckOptions = {}): Manifest {
  const issues: string[] = [];
  const install = readJson(path.join(dir, 'install.json'), issues);
  const layoutFile = path.join(dir, 'layout.json');
  const layout = fs.existsSync(layoutFile) ? readJson(layoutFile, issues) : undefined;
  if (issues.length === 0) issues.push(...findManifestIssues(install, layout, options));
  if (issues.length > 0) throw new ManifestError(issues);
  return { install: install as InstallJson, layout: layout as LayoutJson | undefined };
}
