import { execFile } from 'node:child_process';
import express from 'express';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { createCapturedLogger } from '../../sdk/testing/capture-logger';
import { startStandaloneServer } from '../../sdk/service';
import { buildRoutesApp } from '../app/routes/route-transport';
import { FakeExportService } from '../app/routes/fake-export-service';

/** ThreatConnect's prefix for this App's service (`/api/services/<displayPath>/v<major>/`). */
export const TC_PREFIX = '/api/services/ms_sentinel/v1';

/** Something serving the UI and its API under TC_PREFIX: this test server now, the real service later. */
export interface UiTarget {
  /** The service root, ending in `/`. */
  url: string;
  /** The service root without its trailing slash, as TC's Services page may link to it. */
  bareUrl: string;
  close(): Promise<void>;
}

export interface FakeUiTarget extends UiTarget {
  fake: FakeExportService;
  /** Lines the service logged. */
  logText(): string;
}

export interface FakeUiTargetOptions {
  /** Where the built UI is (scripts/build-ui.mjs output); the API alone when absent. */
  uiDir?: string;
  /** Moves a running job one status on every `stepMs` (0: only when the test calls `fake.advance()`). */
  stepMs?: number;
}

/** Builds the UI with scripts/build-ui.mjs into a fresh temporary folder; resolves with its files and gzipped size. */
export async function buildUiForTests(): Promise<{ uiDir: string; gzipBytes: number; files: string[] }> {
  const uiDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ui-build-'));
  const root = path.join(__dirname, '../..');
  // The build script is ESM, which jest's CommonJS runtime cannot import: run it in its own Node process.
  const script = `import { buildUi } from ${JSON.stringify(pathToFileURL(path.join(root, 'scripts/build-ui.mjs')).href)};
    const r = await buildUi({ root: ${JSON.stringify(root)}, outdir: ${JSON.stringify(uiDir)} });
    process.stdout.write(JSON.stringify(r));`;
  const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script], { cwd: root });
  return { uiDir, ...(JSON.parse(stdout) as { gzipBytes: number; files: string[] }) };
}

/**
 * The real routes and UI router in the service's real express app and standalone transport, over an in-memory
 * ExportService double, mounted under TC's prefix like ThreatConnect's proxy would.
 */
export async function startFakeUiTarget(options: FakeUiTargetOptions = {}): Promise<FakeUiTarget> {
  const captured = createCapturedLogger({ level: 'info' });
  const fake = new FakeExportService();
  const http = buildRoutesApp(fake, captured.logger, options.uiDir);
  const outer = express().use(TC_PREFIX, http.handler);
  const server = await startStandaloneServer({ handler: outer, logger: captured.logger, accessToken: false });
  const timer = options.stepMs ? setInterval(() => fake.advance(), options.stepMs) : undefined;
  const bareUrl = `${server.url.replace(/\/$/, '')}${TC_PREFIX}`;
  return {
    fake,
    url: `${bareUrl}/`,
    bareUrl,
    logText: captured.text,
    async close() {
      clearInterval(timer);
      await server.close();
      await captured.logger.close();
    },
  };
}
