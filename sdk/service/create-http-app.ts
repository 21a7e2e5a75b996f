import express, { type Express, type Router } from 'express';
import type { Logger } from '../logger';
import { createErrorHandler, notFoundHandler } from './error-handler';
import { healthRoute, HealthRegistry } from './health';
import { requestLog } from './request-log';

export interface HttpAppOptions {
  logger: Logger;
  /** Largest JSON body accepted (bytes or a size like `'1mb'`); larger bodies get 413. Default 1 MiB. */
  bodyLimit?: number | string;
  /** Where `GET /api/health` collects its fields; a new registry when absent. */
  health?: HealthRegistry;
}

/** The service's express application and the places an app registers things into. */
export interface ServiceHttpApp {
  /** The request handler both transports serve. */
  readonly handler: Express;
  /** The app's routes, relative to the service root (`/api/...`). */
  readonly routes: Router;
  /** Fields of `GET /api/health`. */
  readonly health: HealthRegistry;
  /** Serves static files (the UI) from `dir` at the service root, after the app's routes. */
  serveStatic(dir: string, options?: { maxAgeSeconds?: number }): void;
}

/**
 * What every answer carries: a Content-Security-Policy that allows this service's own scripts, styles and data
 * only (no inline script, no framing by another site), no MIME sniffing, no Referer to anywhere, and API answers
 * that no cache keeps.
 */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'self'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'SAMEORIGIN',
  'cross-origin-opener-policy': 'same-origin',
};

const securityHeaders: express.RequestHandler = (req, res, next) => {
  res.set(SECURITY_HEADERS);
  if (req.path.startsWith('/api/')) res.set('cache-control', 'no-store');
  next();
};

/**
 * Builds the express app every transport serves: request log, JSON bodies with a size limit, `GET /api/health`,
 * the app's routes, static UI files, then 404 and one error handler answering `{error, details?}`.
 * @example const http = createHttpApp({ logger }); http.routes.get('/api/config', handler);
 */
export function createHttpApp(options: HttpAppOptions): ServiceHttpApp {
  const { logger } = options;
  const health = options.health ?? new HealthRegistry();
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.set('json spaces', 0);

  const routes = express.Router();
  const statics = express.Router();
  app.use(securityHeaders);
  app.use(requestLog(logger));
  app.use(express.json({ limit: options.bodyLimit ?? '1mb', type: ['application/json', 'application/*+json'] }));
  app.get('/api/health', healthRoute(health));
  app.use(routes);
  app.use(statics);
  app.use(notFoundHandler);
  app.use(createErrorHandler(logger));

  return {
    handler: app,
    routes,
    health,
    serveStatic(dir, staticOptions = {}) {
      statics.use(express.static(dir, { maxAge: (staticOptions.maxAgeSeconds ?? 0) * 1000, index: ['index.html'] }));
    },
  };
}
