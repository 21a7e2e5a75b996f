import express, { Router } from 'express';
import fs from 'node:fs';
import path from 'node:path';
import type { ApiErrorBody } from './api-types';

export interface UiRouterOptions {
  /** The built UI: index.html plus the content-hashed files scripts/build-ui.mjs wrote next to it. */
  uiDir: string;
}

const YEAR_SECONDS = 365 * 24 * 3600;

/**
 * Serves the UI: index.html at `/` (revalidated on every load, so a new version is picked up at once) and the
 * hashed assets under `/ui/` (cached for a year: a new build gives them new names).
 * @example app.use(createUiRouter({ uiDir: path.join(__dirname, 'ui') }));
 */
export function createUiRouter({ uiDir }: UiRouterOptions): Router {
  const router = Router();
  const indexFile = path.join(uiDir, 'index.html');
  router.get('/', (_req, res) => {
    if (!fs.existsSync(indexFile)) {
      res.status(503).json({ error: 'The UI has not been built (npm run build)' } satisfies ApiErrorBody);
      return;
    }
    res.set('Cache-Control', 'no-cache');
    res.sendFile(indexFile);
  });
  router.use(
    // Also under /v<major>/ui: where index.html's v<major>/ui/… lands when the page's address ends in "/".
    ['/ui', /^\/v\d+\/ui(?=\/)/],
    (req, _res, next) => {
      // index.html must not be cached for a year under a second name.
      if (req.path === '/index.html') next('router');
      else next();
    },
    express.static(uiDir, {
      index: false,
      redirect: false,
      fallthrough: true,
      immutable: true,
      maxAge: YEAR_SECONDS * 1000,
    }),
  );
  return router;
}
