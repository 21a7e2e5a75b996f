import type { Browser, Page } from 'playwright-core';
import { launchBrowser, watchPageErrors } from '../../helpers/browser';
import { buildUiForTests, startFakeUiTarget, type FakeUiTarget, type FakeUiTargetOptions } from '../ui-test-server';

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
