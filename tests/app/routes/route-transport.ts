import type { ExportService } from '../../../app/export/export-service';
import { createApiRouter, createUiRouter } from '../../../app/routes';
import type { Logger } from '../../../sdk/logger';
import { createHttpApp, type ServiceHttpApp } from '../../../sdk/service';
import type { RouteClient } from '../../helpers/route-client';

export interface RouteRequest {
  method: string;
  /** Relative to the service root, with its query string, e.g. `api/jobs?page=2`. */
  path: string;
  /** Sent as JSON. */
  body?: unknown;
  /** Sent as is (malformed or oversize bodies). */
  rawBody?: string;
  headers?: Record<string, string>;
}

export interface RouteResponse {
  status: number;
  headers: Record<string, string>;
  text: string;
  /** The parsed JSON answer (undefined when it is not JSON). */
  body: unknown;
}

/** Sends one request through a transport (standalone HTTP, or Core's MQTT/Redis protocol through the emulator). */
export type SendRoute = (req: RouteRequest) => Promise<RouteResponse>;

/** The routes as the service mounts them: the service's express app with the API and, when given, the UI. */
export function buildRoutesApp(service: ExportService, logger: Logger, uiDir?: string): ServiceHttpApp {
  const http = createHttpApp({ logger, bodyLimit: '1mb' });
  // The ledger's state as a sound one reports it (the state routes themselves are tested over the real service).
  http.routes.get('/api/state', (_req, res) => void res.json({ status: 'ok', backups: [], checkMs: 0 }));
  http.routes.use(createApiRouter({ service, logger }));
  if (uiDir) http.routes.use(createUiRouter({ uiDir }));
  return http;
}

function parse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Adapts a RouteClient (tests/helpers) to the route table: the query string goes as Core's list of parameters. */
export function sendVia(client: RouteClient): SendRoute {
  return async (req) => {
    const [path = '', qs] = req.path.split('?', 2);
    const query = [...new URLSearchParams(qs ?? '')].map(([name, value]) => ({ name, value }));
    const res = await client.request(req.method, path, {
      query,
      ...(req.headers ? { headers: req.headers } : {}),
      ...(req.rawBody !== undefined ? { body: req.rawBody } : req.body !== undefined ? { body: req.body } : {}),
    });
    const headers: Record<string, string> = {};
    for (const h of res.headers) headers[h.name.toLowerCase()] ??= h.value;
    const text = res.body.toString('utf8');
    return { status: res.status, headers, text, body: parse(text) };
  };
}
