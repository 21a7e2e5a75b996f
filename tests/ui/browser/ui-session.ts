import type { Browser, Page } from 'playwright-core';
import { launchBrowser, openBrowserPage, watchPageErrors } from '../../helpers/browser';
import type { AppStack, AppStackOptions } from '../../../app/testing/start-app-stack';
import { startPrefixProxy, type PrefixProxy } from '../../helpers/prefix-proxy';
import { startStack } from '../../app/e2e/e2e-kit';
import { buildUiForTests, startFakeUiTarget, TC_PREFIX, type FakeUiTarget, type FakeUiTargetOptions } from '../ui-test-server';

export interface UiSession {
  browser: Browser;
  page: Page;
  target: FakeUiTarget;
  /** Console errors and uncaught exceptions of the page so far. */
  pageErrors: string[];
  /** The bundle's gzipped size, as the build reported it. */
  gzipBytes: number;
  close(): Promise<void>;
}

/**
 * Builds the UI, serves it with the real routes under TC's prefix (over the ExportService double) and opens it
 * in headless Chromium. Only the target is a stand-in: swap startFakeUiTarget for the real service to run the
 * same steps end to end.
 */
export async function startUiSession(options: Omit<FakeUiTargetOptions, 'uiDir'> = {}): Promise<UiSession> {
  const { uiDir, gzipBytes } = await buildUiForTests();
  const target = await startFakeUiTarget({ ...options, uiDir });
  const browser = await launchBrowser();
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, reducedMotion: 'reduce' });
  const page = await context.newPage();
  page.setDefaultTimeout(5000);
  const pageErrors = watchPageErrors(page);
  return {
    browser,
    page,
    target,
    pageErrors,
    gzipBytes,
    async close() {
      await browser.close();
      await target.close();
    },
  };
}

export interface RealServiceSession {
  stack: AppStack;
  proxy: PrefixProxy;
  browser: Browser;
  page: Page;
  /** Console errors and uncaught exceptions of the page so far. */
  pageErrors: string[];
  close(): Promise<void>;
}

/**
 * The real service (routes, engine, SQLite state) against the simulators, with the built UI, reached under
 * ThreatConnect's service prefix in headless Chromium (a 1,280 × 900 page, 10 s per step).
 */
export async function startRealServiceSession(name: string, options: Partial<AppStackOptions> = {}): Promise<RealServiceSession> {
  const { uiDir } = await buildUiForTests();
  const stack = await startStack(name, { ...options, app: { ...options.app, uiDir } });
  const proxy = await startPrefixProxy(stack.url, TC_PREFIX);
  const { browser, page, pageErrors } = await openBrowserPage();
  return {
    stack,
    proxy,
    browser,
    page,
    pageErrors,
    async close() {
      await browser.close();
      await proxy.close();
      await stack.close();
    },
  };
}
