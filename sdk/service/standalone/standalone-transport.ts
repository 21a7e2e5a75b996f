import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import http, { type RequestListener } from 'node:http';
import type { AddressInfo } from 'node:net';
import { revealValue, type Secret } from '../../inputs/secret';
import type { Logger } from '../../logger';
import { requestContext } from '../../request-context';
import { DEFAULT_GRACE_MS, type ServiceTransport } from '../transport';
import { ACCESS_QUERY_PARAM, AccessGuard } from './access-token';
import { isLoopback, OriginGuard } from './origin-guard';

export { isLoopback };

export interface StandaloneOptions {
  handler: RequestListener;
  logger: Logger;
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 0 (a free port). */
  port?: number;
  /**
   * The token every request must carry (a header, or the cookie the UI trades it for). Default: a random one made
   * at start (see `loginUrl` and `tokenFile`); `false`: none, on a loopback address only.
   */
  accessToken?: string | Secret | false;
  /** Host names (optionally `name:port`) besides this machine's loopback names that requests may address. */
  allowedHosts?: readonly string[];
  /** Where a token made at start is written (created 0600), for tools to read. */
  tokenFile?: string;
}

export interface StandaloneTransport extends ServiceTransport {
  readonly kind: 'standalone';
  readonly host: string;
  readonly port: number;
  /** The service root, e.g. `http://127.0.0.1:8443/`. */
  readonly url: string;
  /** The root with the access token to open the UI with once (it then lives in a cookie); undefined without one. */
  readonly loginUrl?: string;
  /** The file the token made at start was written to. */
  readonly tokenFile?: string;
}

function sendJson(res: http.ServerResponse, status: number, body: unknown, extra: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...extra });
  res.end(JSON.stringify(body));
}

/**
 * Serves the app over plain HTTP outside ThreatConnect, as Jupyter serves its notebooks: every request needs the
 * access token (made at start unless one is given) or the cookie the UI trades it for; `Host` must be this machine
 * or a name the admin allowed (no DNS rebinding); a change from another origin is refused; malformed HTTP gets a
 * 400. Without a token (`accessToken: false`) it listens on loopback only. Every request runs inside
 * `requestContext` (with no service token: TC calls use the App's own credentials).
 * @example const web = await startStandaloneServer({ handler: http.handler, logger, port: 8080 }); console.log(web.url);
 */
export async function startStandaloneServer(options: StandaloneOptions): Promise<StandaloneTransport> {
  const host = options.host ?? '127.0.0.1';
  const logger = options.logger.child({ component: 'standalone-transport' });
  const given = options.accessToken === false ? undefined : revealValue(options.accessToken);
  if (options.accessToken === false && !isLoopback(host)) {
    throw new Error(`An access token is required to listen on ${host}, which is not a loopback address: drop --no-token, or set service_access_token`);
  }
  const generated = options.accessToken === undefined || given === '';
  const token = options.accessToken === false ? undefined : given || randomBytes(24).toString('base64url');
  const guard = token ? new AccessGuard(token) : undefined;
  /** Set once listening: the Host rule needs the port actually bound. */
  const guards: { origins?: OriginGuard } = {};
  let accepting = true;
  let running = 0;
  let idle: (() => void) | undefined;

  const server = http.createServer((req, res) => {
    if (!accepting) {
      sendJson(res, 503, { error: 'The service is shutting down' }, { connection: 'close' });
      return;
    }
    let checked: ReturnType<OriginGuard['check']>;
    let decision: ReturnType<AccessGuard['check']> | undefined;
    try {
      checked = guards.origins!.check(req);
      decision = guard?.check(req);
    } catch {
      sendJson(res, 400, { error: 'Malformed request' });
      return;
    }
    if (!checked.allow) {
      logger.warn('Request refused: host or origin not allowed', {
        method: req.method,
        path: req.url?.split('?', 1)[0],
        host: req.headers.host,
        origin: req.headers.origin,
      });
      sendJson(res, checked.status, { error: checked.error, details: { hint: checked.hint } });
      return;
    }
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
  // Malformed HTTP: Node's own answer (400 Bad Request, or 431 for oversized headers, then close; a connection
  // whose answer has begun is closed), rather than a connection dropped without a word.

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  guards.origins = new OriginGuard({ port: address.port, allowedHosts: options.allowedHosts });
  const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${shownHost}:${address.port}/`;
  const tokenFile = token && generated && options.tokenFile ? options.tokenFile : undefined;
  if (tokenFile) writePrivate(tokenFile, `${token}\n`);
  logger.info('Standalone HTTP server listening', { url, accessToken: token ? (generated ? 'made at start' : 'given') : 'none (loopback only)' });
  const loginUrl = token ? `${url}?${ACCESS_QUERY_PARAM}=${encodeURIComponent(token)}` : undefined;

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
    ...(loginUrl ? { loginUrl } : {}),
    ...(tokenFile ? { tokenFile } : {}),
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

/** Writes a file only its owner can read (and replaces one that was readable by others). */
function writePrivate(file: string, text: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  fs.rmSync(file, { force: true });
  fs.writeFileSync(file, text, { mode: 0o600 });
}
