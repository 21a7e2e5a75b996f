import http from 'node:http';
import { findHeader, toNameValues, type NameValue, type NameValueInput } from '../../sdk/service/name-values';

export interface RouteRequest {
  /** A Buffer or string is sent as it is; anything else as JSON. */
  body?: unknown;
  query?: NameValueInput;
  headers?: NameValueInput;
}

export interface RouteResponse {
  status: number;
  headers: NameValue[];
  body: Buffer;
}

/** What the shared route table needs of a transport: the Core emulator and plain HTTP both provide it. */
export interface RouteClient {
  request(method: string, path: string, options?: RouteRequest): Promise<RouteResponse>;
}

/** A RouteClient over real HTTP (no keep-alive, repeated headers sent as separate lines). */
export function httpRouteClient(baseUrl: string, extraHeaders: NameValueInput = []): RouteClient {
  return {
    request(method, path, options = {}) {
      const url = new URL(path.replace(/^\/+/, ''), baseUrl);
      for (const q of toNameValues(options.query)) url.searchParams.append(q.name, q.value);
      const headers: Record<string, string[]> = {};
      for (const h of [...toNameValues(extraHeaders), ...toNameValues(options.headers)]) (headers[h.name.toLowerCase()] ??= []).push(h.value);
      let body: Buffer | undefined;
      if (options.body !== undefined) {
        const isRaw = Buffer.isBuffer(options.body) || typeof options.body === 'string';
        body = Buffer.isBuffer(options.body) ? options.body : Buffer.from(isRaw ? String(options.body) : JSON.stringify(options.body));
        if (!isRaw && !headers['content-type']) headers['content-type'] = ['application/json'];
        headers['content-length'] = [String(body.length)];
      }
      return new Promise((resolve, reject) => {
        const req = http.request(url, { method, headers, agent: false }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const list: NameValue[] = [];
            for (let i = 0; i < res.rawHeaders.length; i += 2) list.push({ name: (res.rawHeaders[i] ?? '').toLowerCase(), value: res.rawHeaders[i + 1] ?? '' });
            resolve({ status: res.statusCode ?? 0, headers: list, body: Buffer.concat(chunks) });
          });
          res.on('error', reject);
        });
        req.on('error', reject);
        req.end(body);
      });
    },
  };
}

export { findHeader };
