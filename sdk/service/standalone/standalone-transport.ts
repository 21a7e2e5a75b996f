import { randomUUID } from 'node:crypto';
import http, { type RequestListener } from 'node:http';
import type { AddressInfo } from 'node:net';
import { revealValue, type Secret } from '../../inputs/secret';
import type { Logger } from '../../logger';
import { requestContext } from '../../request-context';
import { DEFAULT_GRACE_MS, type ServiceTransport } from '../transport';
import { AccessGuard } from './access-token';

export interface StandaloneOptions {
  handler: RequestListener;
  logger: Logger;
  /** Default 127.0.0.1. Any address other than loopback needs an access token. */
  host?: string;
  /** Default 0 (a free port). */
  port?: number;
  /** Checked on every request when given; required off loopback. */
  accessToken?: string | Secret;
}

export interface StandaloneTransport extends ServiceTransport {
  readonly kind: 'standalone';
  readonly host: string;
  readonly port: number;
  /** The service root, e.g. `http://127.0.0.1:8443/`. */
  readonly url: string;
}

/** True for addresses only this machine can reach. */
export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || host === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

function sendJson(res: http.ServerResponse, status: number, body: unknown, extra: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...extra });
  res.end(JSON.stringify(body));
}

/**
 * Serves the app over plain HTTP outside ThreatConnect. Off loopback it refuses to start without an access token.
 * Every request runs inside `requestContext` (with no service token: TC calls use the App's own credentials).
 * @example const web = await startStandaloneServer({ handler: http.handler, logger, port: 8080 }); console.log(web.url);
 */
export async function startStandaloneServer(options: StandaloneOptions): Promise<StandaloneTransport> {
  const host = options.host ?? '127.0.0.1';
  const logger = options.logger.child({ component: 'standalone-transport' });
  const token = revealValue(options.accessToken);
  if (!token && !isLoopback(host)) {
    throw new Error(`An access token is required to listen on ${host}, which is not a loopback address: set service_access_token`);
  }
  const guard = token ? new AccessGuard(token) : undefined;
  let accepting = true;
  let running = 0;
  let idle: (() => void) | undefined;

  const server = http.createServer((req, res) => {
    if (!accepting) {
      sendJson(res, 503, { error: 'The service is shutting down' }, { connection: 'close' });
      return;
    }
    const decision = guard?.check(req);
    if (decision && !decision.allow) {
      if (!('redirect' in decision)) logger.warn('Request refused: no valid access token', { method: req.method, path: req.url?.split('?', 1)[0] });
      AccessGuard.refuse(res, decision);
      return;
    }
    running += 1;
    res.once('close', () => {
      running -= 1;
      if (running === 0) idle?.();
    });
    requestContext.run({ requestId: randomUUID() }, () => options.handler(req, res));
  });
  server.on('clientError', (_err, socket) => socket.destroy());

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${shownHost}:${address.port}/`;
  logger.info('Standalone HTTP server listening', { url, accessToken: guard ? 'required' : 'not required' });

  let closed: Promise<void> | undefined;
  const stopAccepting = () => {
    if (!accepting) return;
    accepting = false;
    server.close();
    server.closeIdleConnections();
  };
  return {
    kind: 'standalone',
    host: address.address,
    port: address.port,
    url,
    stopAccepting,
    close(graceMs = DEFAULT_GRACE_MS) {
      closed ??= (async () => {
        stopAccepting();
        if (running > 0) {
          await new Promise<void>((resolve) => {
            const timer = setTimeout(resolve, graceMs);
            idle = () => {
              clearTimeout(timer);
              resolve();
            };
          });
        }
        server.closeAllConnections();
        logger.info('Standalone HTTP server closed');
      })();
      return closed;
    },
    health: () => ({ transport: 'standalone', listening: url, requestsRunning: running }),
  };
}
