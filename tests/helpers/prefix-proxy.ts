import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface PrefixProxy {
  /** The service root as a browser reaches it through the proxy, ending in `/`. */
  url: string;
  /** The same without the trailing slash, as ThreatConnect's Services page links to it. */
  bareUrl: string;
  close(): Promise<void>;
}

/**
 * Serves `target` under `prefix`, as ThreatConnect's proxy serves an API Service under
 * `/api/services/<displayPath>/v<major>/`: the prefix is stripped on the way in; anything else is 404.
 * @example const proxy = await startPrefixProxy('http://127.0.0.1:41234/', '/api/services/ms_sentinel/v1');
 */
export async function startPrefixProxy(target: string, prefix: string): Promise<PrefixProxy> {
  const base = new URL(target);
  const server = http.createServer((req, res) => {
    const url = req.url ?? '/';
    if (url !== prefix && !url.startsWith(`${prefix}/`) && !url.startsWith(`${prefix}?`)) {
      res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"Not found"}');
      return;
    }
    const path = url.slice(prefix.length) || '/';
    // The request arrives at the service as from the service's own address (as ThreatConnect's gateway hands it on).
    const headers = { ...req.headers, host: base.host, ...(req.headers.origin ? { origin: base.origin } : {}) };
    const upstream = http.request(
      { host: base.hostname, port: base.port, method: req.method, path: path.startsWith('/') ? path : `/${path}`, headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => (res.headersSent ? res.destroy() : res.writeHead(502).end()));
    req.pipe(upstream);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const bareUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}${prefix}`;
  return {
    url: `${bareUrl}/`,
    bareUrl,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
