import { IncomingMessage, ServerResponse, STATUS_CODES, type RequestListener } from 'node:http';
import { Duplex } from 'node:stream';
import type { NameValue } from './name-values';
import { toNodeHeaders } from './node-headers';

/** An HTTP request delivered without a socket (Core's RunService). */
export interface InProcessRequest {
  method: string;
  /** Relative to the service root, with or without a leading `/`. */
  path: string;
  query?: NameValue[];
  headers?: NameValue[];
  body?: Buffer;
  remoteAddress?: string;
  /** Whether the original request came over TLS (`req.protocol` answers `https`). */
  secure?: boolean;
}

export interface InProcessResponse {
  status: number;
  statusText: string;
  /** Lower-case names; a header with several values appears once per value. */
  headers: NameValue[];
  body: Buffer;
}

/** Stands in for the connection: swallows what the response writes, never yields request bytes. */
class DetachedSocket extends Duplex {
  readonly remoteAddress: string | undefined;
  readonly encrypted: boolean | undefined;
  constructor(remoteAddress: string | undefined, secure: boolean) {
    super();
    this.remoteAddress = remoteAddress;
    this.encrypted = secure ? true : undefined;
  }
  override _read(): void {}
  override _write(_chunk: unknown, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    callback();
  }
  setTimeout(): this {
    return this;
  }
  setNoDelay(): this {
    return this;
  }
  setKeepAlive(): this {
    return this;
  }
}

/** Characters a request target cannot hold as they are; `%` stays so already-encoded paths pass unchanged. */
const UNSAFE_IN_PATH = /[^A-Za-z0-9\-._~!$&'()*+,;=:@/%?]/gu;

/** `path` + the query list as one request target, every query name and value percent-encoded. */
export function requestTarget(path: string, query: NameValue[] = []): string {
  const base = (path.startsWith('/') ? path : `/${path}`).replace(UNSAFE_IN_PATH, (ch) => encodeURIComponent(ch));
  if (query.length === 0) return base;
  const qs = query.map((q) => `${encodeURIComponent(q.name)}=${encodeURIComponent(q.value)}`).join('&');
  return `${base}${base.includes('?') ? '&' : '?'}${qs}`;
}

function buildRequest(request: InProcessRequest, socket: DetachedSocket): IncomingMessage {
  const req = new IncomingMessage(socket as unknown as import('node:net').Socket);
  const body = request.body && request.body.length > 0 ? request.body : undefined;
  // The body we hold is the whole body: its real length replaces whatever framing the original request used.
  const headers = (request.headers ?? []).filter((h) => !/^(content-length|transfer-encoding)$/i.test(h.name));
  if (body) headers.push({ name: 'content-length', value: String(body.length) });
  req.method = request.method.toUpperCase();
  req.url = requestTarget(request.path, request.query);
  req.httpVersion = '1.1';
  req.httpVersionMajor = 1;
  req.httpVersionMinor = 1;
  req.headers = toNodeHeaders(headers);
  req.rawHeaders = headers.flatMap((h) => [h.name, h.value]);
  req.complete = true;
  if (body) req.push(body);
  req.push(null);
  return req;
}

function responseHeaders(res: ServerResponse): NameValue[] {
  const list: NameValue[] = [];
  for (const [name, value] of Object.entries(res.getHeaders())) {
    if (value === undefined) continue;
    for (const v of Array.isArray(value) ? value : [value]) list.push({ name, value: String(v) });
  }
  return list;
}

type WriteArgs = [chunk?: unknown, encoding?: unknown, callback?: unknown];

function chunkOf(chunk: unknown, encoding: unknown): Buffer | undefined {
  if (chunk === undefined || chunk === null || typeof chunk === 'function') return undefined;
  if (Buffer.isBuffer(chunk)) return chunk;
  if (chunk instanceof Uint8Array) return Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  return Buffer.from(String(chunk), typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8');
}

/**
 * Runs one request through `handler` (an express app) in-process, with a real IncomingMessage/ServerResponse
 * pair on a detached socket, and collects the response. Rejects only when the response is abandoned unfinished.
 * @example const res = await dispatchRequest(http.handler, { method: 'GET', path: 'api/health' });
 */
export function dispatchRequest(handler: RequestListener, request: InProcessRequest): Promise<InProcessResponse> {
  return new Promise((resolve, reject) => {
    const socket = new DetachedSocket(request.remoteAddress, request.secure ?? false);
    const req = buildRequest(request, socket);
    const res = new ServerResponse(req);
    res.assignSocket(socket as unknown as import('node:net').Socket);
    const chunks: Buffer[] = [];
    const write = res.write.bind(res) as (...args: WriteArgs) => boolean;
    const end = res.end.bind(res) as (...args: WriteArgs) => ServerResponse;
    res.write = ((...args: WriteArgs) => {
      const chunk = chunkOf(args[0], args[1]);
      if (chunk && !res.writableEnded) chunks.push(chunk);
      return write(...args);
    }) as ServerResponse['write'];
    res.end = ((...args: WriteArgs) => {
      const chunk = chunkOf(args[0], args[1]);
      if (chunk && !res.writableEnded) chunks.push(chunk);
      return end(...args);
    }) as ServerResponse['end'];

    let settled = false;
    res.once('finish', () => {
      settled = true;
      // A HEAD answer and 204/304 carry no body even when the handler wrote one.
      const bodyless = req.method === 'HEAD' || res.statusCode === 204 || res.statusCode === 304;
      resolve({
        status: res.statusCode,
        statusText: res.statusMessage || STATUS_CODES[res.statusCode] || '',
        headers: responseHeaders(res),
        body: bodyless ? Buffer.alloc(0) : Buffer.concat(chunks),
      });
      socket.destroy();
    });
    res.once('close', () => {
      if (!settled) reject(new Error(`The response to ${req.method} ${req.url?.split('?', 1)[0]} was closed before it finished`));
    });
    try {
      handler(req, res);
    } catch (err) {
      reject(err instanceof Error ? err : new Error(String(err)));
    }
  });
}
