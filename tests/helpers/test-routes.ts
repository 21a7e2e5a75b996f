import { createHash } from 'node:crypto';
import express, { type Router } from 'express';
import { HttpError } from '../../sdk/service/http-error';
import { requestContext } from '../../sdk/request-context';

/** A message no response may ever show (route handlers throw it as an "internal" error). */
export const INTERNAL_DETAIL = 'db password is hunter2-internal';

/** Resolves `/api/slow` requests on demand, so tests control exactly when the slow one finishes. */
export interface SlowGate {
  release(): void;
  wait(): Promise<void>;
}

export function createSlowGate(): SlowGate {
  let open: () => void = () => undefined;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { release: () => open(), wait: () => opened };
}

/** The routes the transport tests exercise: echoes, status codes, headers, binary bodies, errors, a slow route. */
export function registerTestRoutes(router: Router, slow: SlowGate = createSlowGate()): void {
  router.get('/api/echo', (req, res) => {
    res.json({ method: req.method, path: req.path, query: req.query, tags: req.headers['x-tag'] ?? null, secure: req.secure });
  });
  router.all('/api/echo-body', (req, res) => {
    res.json({ method: req.method, body: req.body ?? null, contentType: req.headers['content-type'] ?? null, query: req.query });
  });
  router.put('/api/binary', express.raw({ type: () => true, limit: '8mb' }), (req, res) => {
    const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    res.set('x-sha256', createHash('sha256').update(body).digest('hex'));
    res.type('application/octet-stream').send(body);
  });
  router.get('/api/status/:code', (req, res) => {
    const code = Number(req.params.code);
    if (code === 204) res.status(204).end();
    else res.status(code).json({ code });
  });
  router.get('/api/headers', (_req, res) => {
    res.append('set-cookie', 'a=1; Path=/');
    res.append('set-cookie', 'b=2; Path=/');
    res.set('x-custom', 'custom value');
    res.type('text/plain; charset=utf-8').send('héllo wörld ✓');
  });
  router.delete('/api/items/:id', (_req, res) => {
    res.status(204).end();
  });
  router.get('/api/context', (_req, res) => {
    const ctx = requestContext.getStore();
    res.json({ requestId: ctx?.requestId ?? null, hasApiToken: Boolean(ctx?.apiToken), apiTokenExpires: ctx?.apiTokenExpires ?? null });
  });
  router.get('/api/slow', async (_req, res) => {
    await slow.wait();
    res.json({ slow: true });
  });
  router.get('/api/boom', () => {
    throw new Error(INTERNAL_DETAIL);
  });
  router.get('/api/conflict', () => {
    throw new HttpError(409, 'A job is already running', { requestId: 'job-1' });
  });
}
