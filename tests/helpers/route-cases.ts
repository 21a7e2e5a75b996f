import { randomBytes } from 'node:crypto';
import { findHeader } from '../../sdk/service/name-values';
import type { RouteClient, RouteRequest, RouteResponse } from './route-client';
import { INTERNAL_DETAIL } from './test-routes';

/** The body limit the route tests configure, so an oversize body is cheap to build. */
export const TEST_BODY_LIMIT = 64 * 1024;

export interface RouteCase {
  name: string;
  method: string;
  path: string;
  request?: RouteRequest;
  status: number;
  /** Compared with toEqual, or toMatchObject when `partial`. */
  json?: unknown;
  partial?: boolean;
  text?: string;
  body?: Buffer;
  /** First value of each header (a RegExp to match). */
  headers?: Record<string, string | RegExp>;
  /** Every value of a repeated response header, in order. */
  allValues?: Record<string, string[]>;
  /** Strings the response body must not contain. */
  never?: string[];
}

const binary = Buffer.concat([Buffer.from(Array.from({ length: 256 }, (_, i) => i)), Buffer.from([0xff, 0xfe, 0x00, 0xc3]), randomBytes(200_000)]);

/** One table, run over the Core transport (through the emulator) and over standalone HTTP. */
export const ROUTE_CASES: RouteCase[] = [
  { name: 'GET health', method: 'GET', path: '/api/health', status: 200, json: { status: 'ok' }, partial: true },
  {
    name: 'GET with repeated and encoded query params, path without a leading slash',
    method: 'GET',
    path: 'api/echo',
    request: {
      query: [
        ['tag', 'a'],
        ['tag', 'b'],
        ['q', 'ä/ö?&= +%'],
      ],
    },
    status: 200,
    json: { method: 'GET', path: '/api/echo', query: { tag: ['a', 'b'], q: 'ä/ö?&= +%' } },
    partial: true,
  },
  {
    name: 'GET with a repeated request header',
    method: 'GET',
    path: '/api/echo',
    request: {
      headers: [
        ['X-Tag', 'one'],
        ['X-Tag', 'two'],
      ],
    },
    status: 200,
    json: { tags: 'one, two' },
    partial: true,
  },
  {
    name: 'POST with a JSON body',
    method: 'POST',
    path: '/api/echo-body',
    request: { body: { a: 1, list: [1, 'two', null], nested: { ü: 'ß' } } },
    status: 200,
    json: { method: 'POST', body: { a: 1, list: [1, 'two', null], nested: { ü: 'ß' } }, contentType: 'application/json', query: {} },
  },
  { name: 'POST without a body', method: 'POST', path: '/api/echo-body', status: 200, json: { method: 'POST', body: null, contentType: null, query: {} } },
  {
    name: 'PUT with a JSON body and a query',
    method: 'PUT',
    path: '/api/echo-body',
    request: { body: [1, 2, 3], query: { mode: 'full' } },
    status: 200,
    json: { method: 'PUT', body: [1, 2, 3], contentType: 'application/json', query: { mode: 'full' } },
  },
  { name: 'PUT without a body', method: 'PUT', path: '/api/echo-body', status: 200, json: { method: 'PUT', body: null, contentType: null, query: {} } },
  {
    name: 'PUT a binary body (every byte value, invalid UTF-8, 200 KB) and get it back unchanged',
    method: 'PUT',
    path: '/api/binary',
    request: { body: binary, headers: { 'Content-Type': 'application/octet-stream' } },
    status: 200,
    body: binary,
    headers: { 'content-type': 'application/octet-stream', 'x-sha256': /^[0-9a-f]{64}$/ },
  },
  { name: 'status 201 passes through', method: 'GET', path: '/api/status/201', status: 201, json: { code: 201 } },
  { name: 'status 418 passes through', method: 'GET', path: '/api/status/418', status: 418, json: { code: 418 } },
  { name: 'status 204 with no body', method: 'GET', path: '/api/status/204', status: 204, body: Buffer.alloc(0) },
  { name: 'DELETE answered 204', method: 'DELETE', path: '/api/items/7', status: 204, body: Buffer.alloc(0) },
  {
    name: 'response headers, repeated Set-Cookie and a UTF-8 text body',
    method: 'GET',
    path: '/api/headers',
    status: 200,
    text: 'héllo wörld ✓',
    headers: { 'content-type': 'text/plain; charset=utf-8', 'x-custom': 'custom value' },
    allValues: { 'set-cookie': ['a=1; Path=/', 'b=2; Path=/'] },
  },
  {
    name: 'HEAD has headers and no body',
    method: 'HEAD',
    path: '/api/echo',
    status: 200,
    body: Buffer.alloc(0),
    headers: { 'content-type': /application\/json/ },
  },
  // Errors: every one is {error, details?}, never a stack trace.
  {
    name: 'HttpError thrown by a route',
    method: 'GET',
    path: '/api/conflict',
    status: 409,
    json: { error: 'A job is already running', details: { requestId: 'job-1' } },
  },
  {
    name: 'unexpected error: 500 without its message or stack',
    method: 'GET',
    path: '/api/boom',
    status: 500,
    json: { error: 'Internal server error' },
    partial: true,
    never: [INTERNAL_DETAIL, 'at ', '.ts'],
  },
  { name: 'unknown route: 404', method: 'GET', path: '/api/nope', status: 404, json: { error: 'Not found', details: { method: 'GET', path: '/api/nope' } } },
  {
    name: 'malformed JSON: 400',
    method: 'POST',
    path: '/api/echo-body',
    request: { body: '{"a": 1,', headers: { 'content-type': 'application/json' } },
    status: 400,
    json: { error: 'Request body is not valid JSON' },
    never: ['"a"'],
  },
  {
    name: 'oversize JSON body: 413',
    method: 'POST',
    path: '/api/echo-body',
    request: { body: { blob: 'x'.repeat(TEST_BODY_LIMIT + 10) } },
    status: 413,
    json: { error: 'Request body is too large', details: { limitBytes: TEST_BODY_LIMIT } },
  },
];

/** Sends one case and checks everything it specifies. */
export async function checkRouteCase(client: RouteClient, c: RouteCase): Promise<RouteResponse> {
  const res = await client.request(c.method, c.path, c.request);
  expect(res.status).toBe(c.status);
  if (c.json !== undefined) {
    const parsed: unknown = JSON.parse(res.body.toString('utf8'));
    if (c.partial) expect(parsed).toMatchObject(c.json as object);
    else expect(parsed).toEqual(c.json);
  }
  if (c.text !== undefined) expect(res.body.toString('utf8')).toBe(c.text);
  if (c.body !== undefined) expect(res.body.equals(c.body)).toBe(true);
  for (const [name, want] of Object.entries(c.headers ?? {})) {
    const got = findHeader(res.headers, name);
    if (want instanceof RegExp) expect(got).toMatch(want);
    else expect(got).toBe(want);
  }
  for (const [name, values] of Object.entries(c.allValues ?? {})) {
    expect(res.headers.filter((h) => h.name.toLowerCase() === name).map((h) => h.value)).toEqual(values);
  }
  for (const s of c.never ?? []) expect(res.body.toString('utf8')).not.toContain(s);
  return res;
}
