import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createHttpApp } from '../../../sdk/service/create-http-app';
import { dispatchRequest } from '../../../sdk/service/dispatch-request';
import { HttpError } from '../../../sdk/service/http-error';
import { createCapturedLogger } from '../../../sdk/testing/capture-logger';
import { requestContext } from '../../../sdk/request-context';

describe('createHttpApp', () => {
  const captured = createCapturedLogger();
  const http = createHttpApp({ logger: captured.logger, bodyLimit: 100 });
  const uiDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tc-ui-'));
  fs.writeFileSync(path.join(uiDir, 'index.html'), '<!doctype html><title>ui</title>');
  http.serveStatic(uiDir);
  http.routes.get('/api/throw-string', () => {
    throw 'plain string thrown';
  });
  http.routes.get('/api/late-error', (_req, res) => {
    res.write('partial');
    throw new Error('after headers');
  });
  http.routes.get('/api/expose', () => {
    throw Object.assign(new Error('Bad range header'), { status: 416, expose: true });
  });
  http.routes.get('/api/hidden', () => {
    throw Object.assign(new Error('internal detail'), { status: 502, expose: false });
  });
  afterAll(() => fs.rmSync(uiDir, { recursive: true, force: true }));

  const get = (p: string, extra: Record<string, unknown> = {}) => dispatchRequest(http.handler, { method: 'GET', path: p, ...extra });
  const json = (body: Buffer) => JSON.parse(body.toString()) as Record<string, unknown>;

  it.each([
    ['/api/throw-string', 500, { error: 'Internal server error' }],
    ['/api/expose', 416, { error: 'Bad range header' }],
    ['/api/hidden', 500, { error: 'Internal server error' }],
    ['/api/nothing-here', 404, { error: 'Not found', details: { method: 'GET', path: '/api/nothing-here' } }],
  ])('%s → %i', async (p, status, body) => {
    const res = await get(p);
    expect(res.status).toBe(status);
    expect(json(res.body)).toEqual(body);
  });

  it('puts the request id into a 500 answer so the log line can be found', async () => {
    const res = await requestContext.run({ requestId: 'req-42' }, () => get('/api/throw-string'));
    expect(json(res.body)).toEqual({ error: 'Internal server error', details: { requestId: 'req-42' } });
    expect(captured.records().some((r) => r.requestId === 'req-42' && r.message === 'Unhandled error in request handler')).toBe(true);
  });

  it('abandons a response that fails after it started instead of appending an error body', async () => {
    await expect(get('/api/late-error')).rejects.toThrow(/closed before it finished/);
  });

  it.each([
    ['unsupported charset', { 'content-type': 'application/json; charset=ebcdic' }, '{}', 415],
    ['oversize', { 'content-type': 'application/json' }, JSON.stringify({ a: 'x'.repeat(200) }), 413],
    ['vendor JSON type', { 'content-type': 'application/vnd.api+json' }, '{"a":', 400],
  ])('body: %s → %i', async (_name, headers, body, status) => {
    const res = await dispatchRequest(http.handler, {
      method: 'POST',
      path: '/api/anything',
      headers: Object.entries(headers).map(([name, value]) => ({ name, value })),
      body: Buffer.from(body),
    });
    expect(res.status).toBe(status);
    expect(json(res.body)).toHaveProperty('error');
  });

  it('serves the UI at the root', async () => {
    const res = await get('/');
    expect(res.status).toBe(200);
    expect(res.body.toString()).toContain('<title>ui</title>');
  });

  it('reports health fields from every part; a failing part makes it degraded, not down', async () => {
    http.health.add('store', () => ({ open: true }));
    http.health.add('sentinel', () => {
      throw new Error('token expired');
    });
    const res = await get('/api/health');
    expect(res.status).toBe(200);
    expect(json(res.body)).toMatchObject({
      status: 'degraded',
      uptimeSeconds: expect.any(Number),
      store: { open: true },
      sentinel: { error: 'token expired' },
    });
    expect(() => http.health.add('status', () => 1)).toThrow(/reserved/);
  });

  it.each([399, 600, 200, 4.5])('HttpError refuses status %p', (status) => {
    expect(() => new HttpError(status, 'x')).toThrow(RangeError);
  });
});
