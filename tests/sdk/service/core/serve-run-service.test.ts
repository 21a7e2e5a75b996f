import express from 'express';
import type Redis from 'ioredis';
import { createCapturedLogger } from '../../../../sdk/testing/capture-logger';
import { serveRunService, type RunServiceDeps } from '../../../../sdk/service/core/serve-run-service';
import type { RunServiceRequest } from '../../../../sdk/service/core/core-messages';

/** Records the order of Redis writes and broker publishes. */
function fakeDeps(options: { body?: Buffer | null; failGet?: boolean; failSet?: boolean } = {}) {
  const events: string[] = [];
  const published: Array<Record<string, unknown>> = [];
  const stored = new Map<string, Buffer>();
  const redis = {
    async hgetBuffer(key: string, field: string) {
      events.push(`hget ${key} ${field}`);
      if (options.failGet) throw new Error('connection lost');
      return options.body ?? null;
    },
    async hset(key: string, field: string, value: Buffer) {
      events.push(`hset ${key} ${field}`);
      if (options.failSet) throw new Error('OOM');
      stored.set(`${key}/${field}`, value);
      return 1;
    },
  } as unknown as Redis;
  const app = express();
  app.post('/echo', express.raw({ type: () => true }), (req, res) => res.type('application/octet-stream').send(req.body));
  app.get('/empty', (_req, res) => res.status(204).end());
  const { logger } = createCapturedLogger();
  const deps: RunServiceDeps = {
    handler: app,
    redis,
    logger,
    metrics: { Requests: 0, Responses: 0, Errors: 0 },
    publish: async (m) => {
      events.push('publish');
      published.push(m as Record<string, unknown>);
    },
  };
  return { deps, events, published, stored };
}

const request = (fields: Partial<RunServiceRequest>): RunServiceRequest => ({
  requestKey: 'rk',
  method: 'POST',
  path: 'echo',
  queryParams: [],
  headers: [],
  bodyVariable: 'request.body',
  ...fields,
});

describe('serveRunService', () => {
  it('writes the body to Redis before publishing Acknowledged', async () => {
    const { deps, events, published, stored } = fakeDeps({ body: Buffer.from([1, 2, 3]) });
    await serveRunService(request({}), deps);
    expect(events).toEqual(['hget rk request.body', 'hset rk response.body', 'publish']);
    expect(stored.get('rk/response.body')).toEqual(Buffer.from([1, 2, 3]));
    expect(published[0]).toMatchObject({ command: 'Acknowledged', type: 'RunService', requestKey: 'rk', statusCode: '200', status: 'OK' });
    expect(deps.metrics).toEqual({ Requests: 0, Responses: 1, Errors: 0 });
  });

  it.each([
    ['no body variable: Redis is not read', request({ method: 'GET', path: 'empty', bodyVariable: undefined }), ['publish']],
    ['no response body: nothing is written', request({ method: 'GET', path: 'empty' }), ['hget rk request.body', 'publish']],
  ])('%s', async (_name, req, want) => {
    const { deps, events } = fakeDeps();
    await serveRunService(req, deps);
    expect(events).toEqual(want);
  });

  it('answers 503 when the body cannot be read', async () => {
    const { deps, published } = fakeDeps({ failGet: true });
    await serveRunService(request({}), deps);
    expect(published[0]).toMatchObject({ statusCode: '503', status: 'Service Unavailable' });
    expect(deps.metrics.Errors).toBe(1);
  });

  it('answers 500 without a body when the response body cannot be stored', async () => {
    const { deps, published } = fakeDeps({ body: Buffer.from('x'), failSet: true });
    await serveRunService(request({}), deps);
    expect(published[0]).toMatchObject({ statusCode: '500', headers: [] });
    expect(deps.metrics.Errors).toBe(1);
  });
});
